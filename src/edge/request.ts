/** The request as it moves through the edge (viewer → functions → cache → origin). */
import { hexId } from "../core/ids.js";
import type { HttpRequest } from "../core/service.js";
import { forwardPolicyOf, inSet, normalizedAcceptEncoding, type BehaviorPolicy, type OriginRequestPolicyLookup } from "./policies.js";
import type { CacheBehavior, Origin } from "./distribution.js";
import type { OriginRequest } from "./origins/types.js";
import { CLOUDFRONT_REQUEST_HEADERS } from "./viewer-headers.js";

export interface EdgeRequest {
  method: string;
  /** The path, percent-encoded as the viewer sent it. */
  uri: string;
  /** The query string without `?`. */
  querystring: string;
  /** Lower-case names (cookies stay in `cookie`). */
  headers: Record<string, string>;
  clientIp: string;
  body: Buffer;
  /** Set by a viewer-request function (cf.updateRequestOrigin / selectRequestOriginById). */
  origin?: Origin;
}

/** Headers CloudFront removes or sets itself before a request reaches functions or origins. */
const DROPPED = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect"]);

export function viewerRequestOf(req: HttpRequest, uri: string, body: Buffer): EdgeRequest {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !DROPPED.has(k) && !k.startsWith("x-amz-cf-") && !CLOUDFRONT_REQUEST_HEADERS.has(k)) headers[k] = v;
  return { method: req.method, uri, querystring: req.rawQuery, headers, clientIp: "127.0.0.1", body };
}

export function cookiesOf(header: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

export function queryOf(querystring: string): URLSearchParams {
  return new URLSearchParams(querystring);
}

/**
 * What CloudFront sends the origin: the key's query strings, headers and cookies plus the
 * origin-request policy's (legacy ForwardedValues: what they forward), and its own headers.
 */
export function originRequestOf(r: EdgeRequest, behavior: CacheBehavior, policy: BehaviorPolicy, requestId: string, lookup?: OriginRequestPolicyLookup): OriginRequest {
  const forward = forwardPolicyOf(behavior, lookup);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    if (k === "cookie" || k === "accept-encoding") continue;
    if (policy.headers.includes(k) || (forward !== undefined && inSet(forward.headers, k))) headers[k] = v;
  }
  const cookies = r.headers.cookie === undefined ? [] : cookiesOf(r.headers.cookie).filter(([k]) => inSet(policy.cookies, k) || (forward !== undefined && inSet(forward.cookies, k)));
  if (cookies.length > 0) headers.cookie = cookies.map(([k, v]) => `${k}=${v}`).join("; ");
  const ae = normalizedAcceptEncoding(policy, r.headers["accept-encoding"]);
  if (ae) headers["accept-encoding"] = ae;
  if (headers["user-agent"] === undefined) headers["user-agent"] = "Amazon CloudFront";
  headers.via = `${r.headers.via ? `${r.headers.via}, ` : ""}1.1 ${EDGE_HOST} (CloudFront)`;
  headers["x-forwarded-for"] = r.headers["x-forwarded-for"] ? `${r.headers["x-forwarded-for"]}, ${r.clientIp}` : r.clientIp;
  headers["x-amz-cf-id"] = requestId;
  let querystring = "";
  if (r.querystring !== "") {
    const params = new URLSearchParams();
    for (const [k, v] of queryOf(r.querystring)) if (inSet(policy.queryStrings, k) || (forward !== undefined && inSet(forward.queryStrings, k))) params.append(k, v);
    querystring = params.toString();
  }
  return { method: r.method, uri: r.uri, querystring, headers, body: r.body.length > 0 ? r.body : undefined };
}

/** This edge's name in `Via` (one per server, as one edge host answers). */
export const EDGE_HOST = `${hexId(16)}.cloudfront.net`;
