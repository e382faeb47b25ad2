/**
 * Reading what a Lambda@Edge function returned: a (changed) request, or a response it generated
 * or changed. Whatever AWS refuses (a bad status, a 204 with a body, a body over the event's
 * limit, a disallowed or read-only header changed) is an `InvalidLambdaResult` (502).
 */
import type { CachedResponse } from "../cache.js";
import type { Origin } from "../distribution.js";
import type { OriginRequest } from "../origins/types.js";
import type { LambdaEventType } from "./associations.js";
import { BODY_LIMITS, type CfHeaders } from "./event.js";

export class InvalidLambdaResult extends Error {}

const invalid = (why: string): never => {
  throw new InvalidLambdaResult(why);
};

const DISALLOWED = new Set(["connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "trailer", "upgrade", "x-amzn-auth", "x-cache", "x-forwarded-proto", "x-real-ip"]);
const DISALLOWED_PREFIXES = ["x-accel-", "x-amz-cf-", "x-amzn-cf-", "x-edge-"];

const READ_ONLY: Record<LambdaEventType, string[]> = {
  "viewer-request": ["content-length", "host", "transfer-encoding", "via"],
  "origin-request": ["accept-encoding", "content-length", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "transfer-encoding", "via"],
  "origin-response": ["transfer-encoding", "via"],
  "viewer-response": ["content-encoding", "content-length", "transfer-encoding", "warning", "via"],
};

function headersFrom(raw: unknown, eventType: LambdaEventType, before: Record<string, string>): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) return invalid("headers is not an object");
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, list] of Object.entries(raw as CfHeaders)) {
    const k = name.toLowerCase();
    if (!Array.isArray(list)) invalid(`header ${name} is not a list`);
    const values = list.map((h) => (h && typeof h === "object" && typeof h.value === "string" ? h.value : invalid(`header ${name} has no string value`)));
    if (values.length === 0) continue;
    out[k] = values.join(k === "cookie" ? "; " : ", ");
  }
  for (const k of new Set([...Object.keys(out), ...Object.keys(before)])) {
    if (out[k] === before[k]) continue;
    if (DISALLOWED.has(k) || DISALLOWED_PREFIXES.some((p) => k.startsWith(p))) invalid(`header ${k} is not allowed`);
    if (READ_ONLY[eventType].includes(k)) invalid(`header ${k} is read-only`);
  }
  return out;
}

function bodyFrom(raw: unknown, encodingField: unknown, limit: number): Buffer | undefined {
  if (raw === undefined || raw === null) return undefined;
  let bytes: Buffer;
  if (typeof raw === "string") bytes = encodingField === "base64" ? Buffer.from(raw, "base64") : Buffer.from(raw);
  else if (typeof raw === "object") {
    const b = raw as { action?: string; data?: unknown; encoding?: string };
    if (b.action !== "replace") return undefined;
    if (typeof b.data !== "string") return invalid("body.data is not a string");
    bytes = b.encoding === "base64" ? Buffer.from(b.data, "base64") : Buffer.from(b.data);
  } else return invalid("body is not a string");
  if (bytes.length > limit) invalid("body too large");
  return bytes;
}

export function isResponse(value: Record<string, unknown>): boolean {
  return value.status !== undefined;
}

/** A response the function generated (a viewer- or origin-request) or changed (an origin- or viewer-response). */
export function responseFrom(value: Record<string, unknown>, eventType: LambdaEventType, before?: CachedResponse): CachedResponse {
  const status = Number(value.status);
  if (!Number.isInteger(status) || status < 200 || status > 599) invalid("status out of range");
  const headers = headersFrom(value.headers, eventType, before?.headers ?? {});
  const replaced = bodyFrom(value.body, value.bodyEncoding, BODY_LIMITS[eventType]);
  if (status === 204 && replaced !== undefined && replaced.length > 0) invalid("a 204 with a body");
  // A viewer-response keeps the body; an origin-response keeps the origin's unless it replaces it.
  const body = eventType === "viewer-response" ? (before?.body ?? Buffer.alloc(0)) : (replaced ?? before?.body ?? Buffer.alloc(0));
  // The status of a viewer response cannot change.
  return { status: eventType === "viewer-response" && before ? before.status : status, headers, body };
}

/** The request as the function left it; origin-request functions may also point it at another origin. */
export function requestFrom(value: Record<string, unknown>, eventType: LambdaEventType, before: OriginRequest): { request: OriginRequest; origin?: Origin } {
  const uri = value.uri;
  if (typeof uri !== "string" || !uri.startsWith("/")) invalid("uri must start with /");
  const querystring = value.querystring ?? "";
  if (typeof querystring !== "string") invalid("querystring is not a string");
  const headers = headersFrom(value.headers, eventType, before.headers);
  const body = bodyFrom(value.body, undefined, BODY_LIMITS[eventType]) ?? before.body;
  const request: OriginRequest = { method: before.method, uri: uri as string, querystring: querystring as string, headers, body };
  const origin = eventType === "origin-request" ? originFrom(value.origin) : undefined;
  return { request, origin };
}

function originFrom(raw: unknown): Origin | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const o = raw as { custom?: Record<string, unknown>; s3?: Record<string, unknown> };
  const customHeaders = (h: unknown): { Quantity: number; Items: { HeaderName: string; HeaderValue: string }[] } => {
    const items = Object.values((h ?? {}) as CfHeaders).flatMap((list) => (Array.isArray(list) ? list.map((x) => ({ HeaderName: String(x.key ?? ""), HeaderValue: String(x.value) })) : []));
    return { Quantity: items.length, Items: items };
  };
  if (o.custom && typeof o.custom.domainName === "string") {
    const https = o.custom.protocol === "https";
    const port = Number(o.custom.port ?? (https ? 443 : 80));
    return {
      Id: "lambda-origin", DomainName: o.custom.domainName, OriginPath: String(o.custom.path ?? ""), CustomHeaders: customHeaders(o.custom.customHeaders),
      CustomOriginConfig: { HTTPPort: port, HTTPSPort: port, OriginProtocolPolicy: https ? "https-only" : "http-only", OriginReadTimeout: Number(o.custom.readTimeout ?? 30) },
    };
  }
  if (o.s3 && typeof o.s3.domainName === "string") {
    return { Id: "lambda-origin", DomainName: o.s3.domainName, OriginPath: String(o.s3.path ?? ""), CustomHeaders: customHeaders(o.s3.customHeaders), S3OriginConfig: { OriginAccessIdentity: "" } };
  }
  return invalid("origin has neither custom nor s3");
}
