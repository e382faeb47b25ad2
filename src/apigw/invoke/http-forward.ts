/** HTTP_PROXY integrations: the request goes on to the integration's URL and its answer comes back as it is. */
import type { RequestContext } from "../../core/context.js";
import type { HttpResponse } from "../../core/service.js";
import type { Integration } from "../rest/model.js";
import { type Invocation, gatewayError, httpApiErrors } from "./common.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length", "proxy-connection", "te", "trailer", "expect"]);

/** `{name}` from path parameters, `${stageVariables.name}` from stage variables. */
export function expandUri(uri: string, pathParameters: Record<string, string> | null, stageVariables: Record<string, string> | null): string {
  return uri
    .replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_m, name: string) => stageVariables?.[name] ?? "")
    .replace(/\{([A-Za-z0-9._-]+)\+?\}/g, (_m, name: string) => (pathParameters?.[name] ?? "").split("/").map(encodeURIComponent).join("/"));
}

export async function forwardHttpProxy(
  ctx: RequestContext,
  inv: Invocation,
  integration: Pick<Integration, "uri" | "httpMethod" | "timeoutInMillis">,
  pathParameters: Record<string, string> | null,
  stageVariables: Record<string, string> | null,
  requestId: string,
  httpApi: boolean,
): Promise<HttpResponse> {
  let url: URL;
  try {
    url = new URL(expandUri(integration.uri ?? "", pathParameters, stageVariables));
  } catch {
    return httpApi ? httpApiErrors.internal(requestId) : gatewayError(500, "Internal server error", "InternalServerErrorException", requestId);
  }
  if (inv.rawQuery && !url.search) url.search = inv.rawQuery;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inv.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  const method = !integration.httpMethod || integration.httpMethod === "ANY" ? inv.method : integration.httpMethod;
  const abort = new AbortController();
  const timeout = ctx.clock.sleepUntil(ctx.clock.now() + integration.timeoutInMillis, abort.signal).then(() => "timeout" as const);
  try {
    const call = fetch(url, { method, headers, body: method === "GET" || method === "HEAD" || inv.body.length === 0 ? undefined : inv.body, redirect: "manual", signal: abort.signal }).then(async (res) => {
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== "content-encoding") out[name] = value;
      });
      return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) } satisfies HttpResponse;
    });
    const result = await Promise.race([call, timeout]);
    if (result === "timeout") return httpApi ? httpApiErrors.timeout(requestId) : gatewayError(504, "Endpoint request timed out", "IntegrationTimeout", requestId);
    return result;
  } catch {
    return httpApi ? httpApiErrors.internal(requestId) : gatewayError(500, "Internal server error", "InternalServerErrorException", requestId);
  } finally {
    abort.abort();
  }
}
