/** HTTP APIs' CORS configuration: preflight answers and the headers added to actual responses. */
import type { HttpResponse } from "../../core/service.js";
import type { Cors } from "../v2/model.js";

function allowedOrigin(cors: Cors, origin: string): string | undefined {
  const origins = cors.allowOrigins ?? [];
  if (origins.includes("*")) return "*";
  const lower = origin.toLowerCase();
  return origins.find((o) => o.toLowerCase() === lower || (o.includes("*") && new RegExp(`^${o.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`, "i").test(origin))) ? origin : undefined;
}

/** API Gateway answers a preflight itself when CORS is configured, whatever the routes. */
export function preflight(cors: Cors, headers: Record<string, string | undefined>, requestId: string): HttpResponse | undefined {
  const origin = headers.origin;
  const requested = headers["access-control-request-method"];
  if (!origin || !requested) return undefined;
  const out: Record<string, string> = { "apigw-requestid": requestId };
  const allowed = allowedOrigin(cors, origin);
  const methods = (cors.allowMethods ?? []).map((m) => m.toUpperCase());
  if (allowed && (methods.includes("*") || methods.includes(requested.toUpperCase()))) {
    out["access-control-allow-origin"] = allowed;
    out["access-control-allow-methods"] = methods.includes("*") ? "*" : methods.join(",");
    const requestedHeaders = headers["access-control-request-headers"];
    const allowHeaders = (cors.allowHeaders ?? []).map((h) => h.toLowerCase());
    if (requestedHeaders && allowHeaders.length) out["access-control-allow-headers"] = allowHeaders.includes("*") ? requestedHeaders : allowHeaders.join(",");
    if (cors.maxAge !== undefined && cors.maxAge >= 0) out["access-control-max-age"] = String(cors.maxAge);
    if (cors.allowCredentials) out["access-control-allow-credentials"] = "true";
  }
  return { status: 204, headers: out, body: "" };
}

export function addCorsHeaders(cors: Cors | undefined, origin: string | undefined, response: HttpResponse): void {
  if (!cors || !origin) return;
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return;
  response.headers["access-control-allow-origin"] = allowed;
  if (cors.allowCredentials) response.headers["access-control-allow-credentials"] = "true";
  if (cors.exposeHeaders?.length) response.headers["access-control-expose-headers"] = cors.exposeHeaders.join(",");
  if (allowed !== "*") response.headers.vary = response.headers.vary ? `${response.headers.vary}, Origin` : "Origin";
}
