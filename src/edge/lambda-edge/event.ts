/** Lambda@Edge's event: `Records[0].cf` with config, request (headers as `[{key, value}]`) and response. */
import type { CachedResponse } from "../cache.js";
import type { DistributionMeta, Origin } from "../distribution.js";
import type { OriginRequest } from "../origins/types.js";
import type { LambdaEventType } from "./associations.js";

export type CfHeaders = Record<string, { key?: string; value: string }[]>;

/** `content-type` → `Content-Type`, as AWS shows the viewer's header names. */
export function canonicalName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export function cfHeaders(headers: Record<string, string>): CfHeaders {
  const out: CfHeaders = Object.create(null) as CfHeaders;
  for (const [k, v] of Object.entries(headers)) {
    // Cookies arrive as one header per cookie, as CloudFront shows them.
    const values = k === "cookie" ? v.split(/;\s*/).filter((c) => c !== "") : [v];
    out[k] = values.map((value) => ({ key: canonicalName(k), value }));
  }
  return out;
}

export const BODY_LIMITS: Record<LambdaEventType, number> = {
  "viewer-request": 40 * 1024,
  "origin-request": 1024 * 1024,
  "origin-response": 1024 * 1024,
  "viewer-response": 40 * 1024,
};

export function bodyField(body: Buffer | undefined, eventType: LambdaEventType): Record<string, unknown> {
  const limit = BODY_LIMITS[eventType];
  const bytes = body ?? Buffer.alloc(0);
  return { inputTruncated: bytes.length > limit, action: "read-only", encoding: "base64", data: bytes.subarray(0, limit).toString("base64") };
}

export function originField(origin: Origin): Record<string, unknown> {
  const path = origin.OriginPath ?? "";
  const customHeaders = cfHeaders(Object.fromEntries(((origin.CustomHeaders as { Items?: { HeaderName: string; HeaderValue: string }[] } | undefined)?.Items ?? []).map((h) => [h.HeaderName.toLowerCase(), h.HeaderValue])));
  const custom = origin.CustomOriginConfig as { HTTPPort?: number; HTTPSPort?: number; OriginProtocolPolicy?: string; OriginReadTimeout?: number; OriginKeepaliveTimeout?: number } | undefined;
  if (custom) {
    const https = custom.OriginProtocolPolicy !== "http-only";
    return {
      custom: {
        customHeaders, domainName: origin.DomainName, keepaliveTimeout: Number(custom.OriginKeepaliveTimeout ?? 5), path,
        port: Number(https ? (custom.HTTPSPort ?? 443) : (custom.HTTPPort ?? 80)), protocol: https ? "https" : "http", readTimeout: Number(custom.OriginReadTimeout ?? 30), sslProtocols: ["TLSv1.2"],
      },
    };
  }
  return { s3: { authMethod: "none", customHeaders, domainName: origin.DomainName, path, region: "us-east-1" } };
}

export interface EventInput {
  meta: DistributionMeta;
  eventType: LambdaEventType;
  requestId: string;
  clientIp: string;
  request: Pick<OriginRequest, "method" | "uri" | "querystring" | "headers" | "body">;
  includeBody: boolean;
  origin?: Origin;
  response?: CachedResponse;
}

export function lambdaEvent(e: EventInput): unknown {
  const request: Record<string, unknown> = {
    clientIp: e.clientIp,
    headers: cfHeaders(e.request.headers),
    method: e.request.method,
    querystring: e.request.querystring,
    uri: e.request.uri,
  };
  if (e.includeBody && (e.eventType === "viewer-request" || e.eventType === "origin-request")) request.body = bodyField(e.request.body, e.eventType);
  if (e.origin) request.origin = originField(e.origin);
  const cf: Record<string, unknown> = {
    config: { distributionDomainName: e.meta.domain, distributionId: e.meta.id, eventType: e.eventType, requestId: e.requestId },
    request,
  };
  if (e.response) cf.response = { headers: cfHeaders(e.response.headers), status: String(e.response.status), statusDescription: statusText(e.response.status) };
  return { Records: [{ cf }] };
}

const texts: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

export function statusText(status: number): string {
  return texts[status] ?? "";
}
