/** What both API types' data planes share: the parsed request, AWS's error answers, time formats. */
import { randomFillSync } from "node:crypto";
import type { HttpResponse } from "../../core/service.js";

/** A request on its way through a stage, after the invoke URL has been taken apart. */
export interface Invocation {
  method: string;
  /** The path below the stage, as sent (percent-encoded), starting with `/`. */
  path: string;
  /** The whole request path as the client sent (and signed) it. */
  rawPath: string;
  /** The query string exactly as sent (without `?`). */
  rawQuery: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** Host the client used (for `domainName`). */
  host: string;
  /** Whether the stage name is part of the URL (not for an HTTP API's `$default` stage). */
  stageInPath: boolean;
  requestId: string;
  /** Epoch milliseconds on the server clock. */
  now: number;
  sourceIp: string;
  /** The matched resource path or route key, once known (access logs). */
  matched?: string;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/** REST APIs answer their own failures ("gateway responses") with `x-amzn-ErrorType`. */
export function gatewayError(status: number, message: string | null, errorType: string, requestId: string, key = "message"): HttpResponse {
  return jsonResponse(status, { [key]: message }, { "x-amzn-requestid": requestId, "x-amzn-errortype": errorType });
}

export const restErrors = {
  missingToken: (id: string) => gatewayError(403, "Missing Authentication Token", "MissingAuthenticationTokenException", id),
  internal: (id: string) => gatewayError(502, "Internal server error", "InternalServerErrorException", id),
  /** The integration could not be called (a throttled or missing function): INTEGRATION_FAILURE, 500. */
  integrationFailure: (id: string) => gatewayError(500, "Internal server error", "InternalServerErrorException", id),
  cacheControlUnauthorized: (id: string) => gatewayError(403, "Unauthorized", "UnauthorizedException", id),
  timeout: (id: string) => gatewayError(504, "Endpoint request timed out", "IntegrationTimeout", id),
  unauthorized: (id: string) => gatewayError(401, "Unauthorized", "UnauthorizedException", id),
  denied: (id: string) => gatewayError(403, "User is not authorized to access this resource with an explicit deny", "AccessDeniedException", id, "Message"),
  forbidden: (id: string) => gatewayError(403, "Forbidden", "ForbiddenException", id),
  authorizerFailure: (id: string) => gatewayError(500, null, "AuthorizerConfigurationException", id),
  authorizerError: (id: string) => gatewayError(500, null, "AuthorizerFailureException", id),
  throttled: (id: string) => gatewayError(429, "Too Many Requests", "TooManyRequestsException", id),
  quota: (id: string) => gatewayError(429, "Limit Exceeded", "LimitExceededException", id),
  badBody: (id: string) => gatewayError(400, "Invalid request body", "BadRequestException", id),
  badParameters: (id: string, missing: string[]) => gatewayError(400, `Missing required request parameters: [${missing.join(", ")}]`, "BadRequestException", id),
  unsupportedMediaType: (id: string) => gatewayError(415, "Unsupported Media Type", "UnsupportedMediaTypeException", id),
  tooLarge: (id: string) => gatewayError(413, "Request Too Long", "RequestTooLongException", id),
};

export const httpApiErrors = {
  notFound: (id: string) => jsonResponse(404, { message: "Not Found" }, { "apigw-requestid": id }),
  internal: (id: string) => jsonResponse(500, { message: "Internal Server Error" }, { "apigw-requestid": id }),
  timeout: (id: string) => jsonResponse(503, { message: "Service Unavailable" }, { "apigw-requestid": id }),
  unauthorized: (id: string) => jsonResponse(401, { message: "Unauthorized" }, { "apigw-requestid": id, "www-authenticate": "Bearer" }),
  forbidden: (id: string) => jsonResponse(403, { message: "Forbidden" }, { "apigw-requestid": id }),
  throttled: (id: string) => jsonResponse(429, { message: "Too Many Requests" }, { "apigw-requestid": id }),
  tooLarge: (id: string) => jsonResponse(413, { message: "Request Entity Too Large" }, { "apigw-requestid": id }),
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

let timeSecond = Number.NaN;
let timeText = "";

/** `09/Apr/2015:12:34:56 +0000`, as `requestTime` and `time` are written (the last second's text is kept). */
export function requestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === timeSecond) return timeText;
  const d = new Date(epochMs);
  timeSecond = second;
  timeText = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return timeText;
}

/** Random bytes drawn from a pool refilled 4 KB at a time (one syscall per ~340 requests, not one per id). */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomSlice(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/** An X-Ray trace header as API Gateway adds it: `Root=1-<epoch seconds hex>-<96 random bits hex>`. */
export function traceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomSlice(12).toString("hex")}`;
}

/** API Gateway's extended request id: 16 characters, base64-like, ending in `=`. */
export function extendedId(): string {
  return `${randomSlice(11).toString("base64").slice(0, 15).replace(/\+/g, "A").replace(/\//g, "B")}=`;
}

/** Percent-decodes, keeping the text as it is when it is not valid. */
export function decode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The query string as name → values, decoded like a form (`+` is a space), in order. */
export function parseQuery(rawQuery: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!rawQuery) return out;
  for (const part of rawQuery.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = decode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, " "));
    const value = eq < 0 ? "" : decode(part.slice(eq + 1).replace(/\+/g, " "));
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/** `content-type` → `Content-Type`: REST events keep names as clients send them, and most send this form. */
export function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Whether `contentType` matches one of an API's binary media types (`image/png`, `image/*`, `*\/*`). */
export function isBinary(contentType: string | undefined, binaryMediaTypes: string[] | undefined): boolean {
  if (!contentType || !binaryMediaTypes?.length) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return binaryMediaTypes.some((b) => {
    const t = b.toLowerCase();
    if (t === "*/*") return true;
    if (t.endsWith("/*")) return type.startsWith(t.slice(0, -1));
    return t === type;
  });
}

/**
 * Sets a key taken from a request (a header or query parameter name) on a plain object: a plain
 * object keeps V8's fast properties (JSON.stringify of an event's maps costs about a third less
 * than with null-prototype dictionaries), and `__proto__` is defined as an own property like any name.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function nullProto<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
