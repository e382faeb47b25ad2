/**
 * Serving function URLs: the request becomes the HTTP API payload 2.0 event AWS sends to
 * function URLs, and the function's answer is mapped back (a `{statusCode, headers, cookies,
 * body, isBase64Encoded}` object, or any other JSON as a 200 `application/json` body). CORS
 * preflights are answered without invoking, as AWS does. RESPONSE_STREAM URLs send the bytes as
 * the handler writes them (after the `HttpResponseStream` prelude, if any).
 */
import { PassThrough } from "node:stream";
import { AwsError } from "../core/errors.js";
import type { RequestContext } from "../core/context.js";
import type { HttpRequest, HttpResponse } from "../core/service.js";
import { corsHeaders, preflight, publicUrlAllowed, urlView } from "./function-urls.js";
import type { Statement } from "./policy.js";
import type { Runtime } from "./runtime.js";
import { SYNC_PAYLOAD_LIMIT } from "./runtime.js";
import { PreludeSplitter } from "./response-stream.js";

const HOST = /^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.localhost(?::\d+)?$/;
const PATH = /^\/_aws\/lambda-url\/([a-z0-9]+)(\/.*)?$/;
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function message(status: number, text: string, extra: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json", ...extra }, body: JSON.stringify({ Message: text }) };
}

/** AWS_IAM: the SigV4 signature checks out (RequestAuthenticator port; under --enforce-iam on, keys local-aws issued are verified). */
async function signatureHolds(ctx: RequestContext, req: HttpRequest, body: Buffer): Promise<boolean> {
  try {
    await (await ctx.ports.get("RequestAuthenticator")).authenticate({ method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers }, { service: "lambda", body, style: "rest-json" });
    return true;
  } catch (err) {
    if (err instanceof AwsError) return false;
    throw err;
  }
}

/** The URL this request names, or undefined when it is not a function URL request. */
export function urlTarget(req: HttpRequest): { urlId: string; path: string } | undefined {
  const h = HOST.exec(req.host);
  if (h) return { urlId: h[1]!, path: req.rawPath };
  const p = PATH.exec(req.rawPath);
  if (p) return { urlId: p[1]!, path: p[2] ?? "/" };
  return undefined;
}

export async function invokeUrl(rt: Runtime, req: HttpRequest, ctx: RequestContext, target: { urlId: string; path: string }): Promise<HttpResponse> {
  const row = rt.stmts.getUrlById.get(target.urlId);
  if (!row) return message(403, "Forbidden");
  const config = urlView(row);
  const scope = { accountId: row.account, region: row.region };
  let f;
  try {
    f = rt.resolve(scope, row.name, row.qualifier === "$LATEST" ? undefined : row.qualifier);
  } catch {
    return message(403, "Forbidden");
  }
  const origin = req.headers.origin;
  if (req.method === "OPTIONS" && origin && req.headers["access-control-request-method"] && config.Cors) {
    return { status: 200, headers: preflight(config.Cors, req.headers), body: "" };
  }
  if (config.AuthType === "AWS_IAM") {
    const signed = (req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ") || req.query.has("X-Amz-Signature");
    if (!signed) return message(403, "Forbidden");
  } else if (!publicUrlAllowed(JSON.parse(f.row.policy) as Statement[])) {
    return message(403, "Forbidden");
  }
  const body = await req.readBody(SYNC_PAYLOAD_LIMIT, () => new AwsError("RequestEntityTooLargeException", "Request must be smaller than 6291456 bytes for the InvokeFunction operation", { status: 413 }));
  if (config.AuthType === "AWS_IAM" && !(await signatureHolds(ctx, req, body))) return message(403, "Forbidden");
  const event = payloadEvent(req, ctx, row.account, target, body);
  const cors = corsHeaders(config.Cors, origin);
  if (config.InvokeMode === "RESPONSE_STREAM") return streamed(rt, f, event, cors);
  let result;
  try {
    result = await rt.invoke(f, JSON.stringify(event), { invocationType: "RequestResponse" });
  } catch (err) {
    if (err instanceof AwsError && err.status === 429) return message(429, "Rate Exceeded.");
    throw err;
  }
  const ids = { "x-amzn-requestid": result.requestId };
  if (result.functionError) return message(502, "Internal Server Error", { ...ids, ...cors });
  const mapped = mapResponse(result.text);
  return { ...mapped, headers: { ...mapped.headers, ...ids, ...cors } };
}

/** AWS's payload format 2.0 for function URLs. */
function payloadEvent(req: HttpRequest, ctx: RequestContext, account: string, target: { urlId: string; path: string }, body: Buffer): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = v;
  const query: Record<string, string> = {};
  for (const key of new Set(req.query.keys())) query[key] = req.query.getAll(key).join(",");
  const now = ctx.clock.now();
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  const text = TEXT_TYPES.test(req.headers["content-type"] ?? "");
  const domain = `${target.urlId}.lambda-url.${ctx.region}.on.aws`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: target.path,
    rawQueryString: req.rawQuery,
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: req.headers.authorization ? account : "anonymous",
      apiId: target.urlId,
      domainName: domain,
      domainPrefix: target.urlId,
      http: { method: req.method, path: target.path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: req.headers["user-agent"] ?? "" },
      requestId: ctx.requestId,
      routeKey: "$default",
      stage: "$default",
      time,
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: text ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/** The function's answer as an HTTP response. */
export function mapResponse(payload: string): HttpResponse {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { status: 200, headers: { "content-type": "application/json" }, body: payload };
  }
  if (value && typeof value === "object" && !Array.isArray(value) && "statusCode" in value) {
    const r = value as { statusCode: unknown; headers?: Record<string, unknown>; cookies?: string[]; body?: unknown; isBase64Encoded?: boolean };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (Array.isArray(r.cookies) && r.cookies.length > 0) headers["set-cookie"] = r.cookies.join(", ");
    const text = typeof r.body === "string" ? r.body : r.body === undefined ? "" : JSON.stringify(r.body);
    const status = Number(r.statusCode);
    return { status: Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502, headers, body: r.isBase64Encoded ? Buffer.from(text, "base64") : text };
  }
  return { status: 200, headers: { "content-type": "application/json" }, body: typeof value === "string" ? value : payload };
}

/** RESPONSE_STREAM: the status and headers come from the prelude, the body as it is written. */
async function streamed(rt: Runtime, f: Parameters<Runtime["invoke"]>[0], event: Record<string, unknown>, cors: Record<string, string>): Promise<HttpResponse> {
  const out = new PassThrough();
  let answer: ((r: HttpResponse) => void) | undefined;
  const head = new Promise<HttpResponse>((resolve) => (answer = resolve));
  const splitter = new PreludeSplitter(
    (prelude) => {
      const status = Number(prelude.statusCode ?? 200);
      const headers: Record<string, string> = { "content-type": "application/octet-stream" };
      for (const [k, v] of Object.entries(prelude.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (Array.isArray(prelude.cookies) && prelude.cookies.length > 0) headers["set-cookie"] = prelude.cookies.join(", ");
      answer?.({ status: Number.isInteger(status) ? status : 200, headers: { ...headers, ...cors }, body: out });
    },
    (chunk) => out.write(chunk),
  );
  void rt
    .invoke(f, JSON.stringify(event), { invocationType: "RequestResponse", onChunk: (c, contentType) => splitter.push(c, contentType) })
    .then(
      (result) => {
        if (result.functionError && !splitter.started) answer?.(message(502, "Internal Server Error", cors));
        else if (!splitter.started) {
          const mapped = mapResponse(result.text);
          answer?.({ ...mapped, headers: { ...mapped.headers, ...cors } });
        }
        splitter.end();
        out.end();
      },
      () => {
        answer?.(message(502, "Internal Server Error", cors));
        out.end();
      },
    );
  return head;
}
