/**
 * The data plane: a viewer request to `/_aws/cloudfront/<Id>/<path>`, `<label>.cloudfront.localhost`
 * or a Host equal to an alias → behaviour by path pattern → allowed methods → viewer-request →
 * cache → (origin-request → origin → origin-response) → viewer-response.
 */
import { randomBytes } from "node:crypto";
import type { HttpRequest, HttpResponse } from "../core/service.js";
import { behaviorFor } from "./behaviors.js";
import { ttlOf, type CachedResponse } from "./cache.js";
import type { CacheBehavior, DistributionMeta } from "./distribution.js";
import { functionViewerRequest, functionViewerResponse, type FunctionContext } from "./functions/associations.js";
import { fetchOrigin } from "./origins/index.js";
import { errorPage, pageTexts } from "./pages.js";
import { cacheKey, policyOf, type BehaviorPolicy } from "./policies.js";
import { EDGE_HOST, cookiesOf, originRequestOf, queryOf, viewerRequestOf, type EdgeRequest } from "./request.js";
import type { EdgeState } from "./state.js";
import type { DistributionRow } from "./store.js";
import { listEndpoints } from "./endpoints.js";

const POP = "LCL50-C1";
/** CloudFront caches error responses for 10 seconds by default (ErrorCachingMinTTL). */
const ERROR_TTL = 10;
/** Largest viewer body read (bigger uploads answer 413). */
const MAX_VIEWER_BODY = 10 * 1024 * 1024;

interface Target {
  row: DistributionRow;
  uri: string;
}

function targetOf(req: HttpRequest, state: EdgeState): Target | undefined | null {
  const byPath = /^\/_aws\/cloudfront\/([A-Z0-9]+)(\/.*)?$/.exec(req.rawPath);
  if (byPath) {
    const row = state.sql.distribution.get(byPath[1]!);
    return row ? { row, uri: byPath[2] ?? "/" } : null;
  }
  const byHost = /^([a-z0-9]+)\.cloudfront\.localhost(?::\d+)?$/.exec(req.host);
  if (byHost) {
    const row = state.sql.byDomain.get(`${byHost[1]!}.cloudfront.net`);
    return row ? { row, uri: req.rawPath || "/" } : null;
  }
  const id = state.aliases.match(req.host.replace(/:\d+$/, "").toLowerCase());
  const row = id === undefined ? undefined : state.sql.distribution.get(id);
  return row ? { row, uri: req.rawPath || "/" } : undefined;
}

function cfId(): string {
  return randomBytes(42).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

function withEdgeHeaders(res: CachedResponse, xCache: string, method: string, requestId: string, age?: number): HttpResponse {
  const headers: Record<string, string> = {
    ...res.headers,
    "content-length": String(res.body.length),
    "x-cache": `${xCache} from cloudfront`,
    via: `1.1 ${EDGE_HOST} (CloudFront)`,
    "x-amz-cf-pop": POP,
    "x-amz-cf-id": requestId,
  };
  if (age !== undefined) headers.age = String(age);
  return { status: res.status, headers, body: method === "HEAD" ? undefined : res.body };
}

/** A viewer's own conditional GET against what CloudFront is about to send: 304 without a body. */
function viewerNotModified(r: EdgeRequest, res: CachedResponse): CachedResponse | undefined {
  if (res.status !== 200) return undefined;
  const inm = r.headers["if-none-match"];
  const etag = res.headers.etag;
  if (inm !== undefined && etag !== undefined && inm.split(",").some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    const { "content-type": _t, ...headers } = res.headers;
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  return undefined;
}

export async function serveEdge(req: HttpRequest, state: EdgeState): Promise<HttpResponse | undefined> {
  if (/^\/_local\/cloudfront\/?$/.test(req.rawPath)) return req.method === "GET" ? listEndpoints(req, state) : undefined;
  const target = targetOf(req, state);
  if (target === undefined) return undefined;
  const requestId = cfId();
  const error = (status: number, text: string): HttpResponse => withEdgeHeaders(errorPage(status, text, requestId), "Error", req.method, requestId);
  if (target === null) return error(403, pageTexts.unknown);
  const meta = JSON.parse(target.row.meta) as DistributionMeta;
  const config = meta.config;
  if (!config.Enabled) return error(403, pageTexts.disabled);
  const behavior = behaviorFor(config, target.uri);
  const allowed = behavior.AllowedMethods?.Items ?? ["GET", "HEAD"];
  if (!allowed.includes(req.method)) return error(403, pageTexts.method);
  let body: Buffer = Buffer.alloc(0);
  if (req.method !== "GET" && req.method !== "HEAD") {
    try {
      body = await req.readBody(MAX_VIEWER_BODY, () => new Error("too large"));
    } catch {
      return error(413, "Bad request.");
    }
  }
  const fc: FunctionContext = { state, meta, requestId };
  const viewer = await functionViewerRequest(fc, behavior, viewerRequestOf(req, target.uri, body));
  if ("response" in viewer) return withEdgeHeaders(viewer.response, viewer.generated ? "FunctionGeneratedResponse" : "Error", req.method, requestId);
  let r = viewer.request;
  if (r.uri === "/" && config.DefaultRootObject) r = { ...r, uri: `/${config.DefaultRootObject}` };
  const got = await cachedOrOrigin(state, target.row.account, meta, behavior, r, requestId);
  if (got.response.status >= 400) {
    const custom = customErrorFor(config, got.response.status);
    if (custom) {
      // The error page comes through its own behaviour and the cache; AWS's X-Cache says Error.
      const pageReq: EdgeRequest = { ...r, method: "GET", uri: custom.ResponsePagePath ?? r.uri, querystring: "", body: Buffer.alloc(0) };
      const page = custom.ResponsePagePath ? await cachedOrOrigin(state, target.row.account, meta, behaviorFor(config, custom.ResponsePagePath), pageReq, requestId) : undefined;
      const status = custom.ResponseCode ? Number(custom.ResponseCode) : got.response.status;
      const shown = page && page.response.status < 400 ? page.response : got.response;
      return withEdgeHeaders({ ...shown, status }, "Error", req.method, requestId);
    }
    return withEdgeHeaders(got.response, got.xCache === "LambdaGeneratedResponse" ? got.xCache : "Error", req.method, requestId, got.age);
  }
  // Viewer-response runs on hits too, never after an origin error.
  const shown = await functionViewerResponse(fc, behavior, r, got.response);
  return withEdgeHeaders(viewerNotModified(r, shown) ?? shown, got.xCache, req.method, requestId, got.age);
}

interface CustomErrorResponse {
  ErrorCode: number;
  ResponsePagePath?: string;
  ResponseCode?: string;
  ErrorCachingMinTTL?: number;
}

function customErrorFor(config: DistributionMeta["config"], status: number): CustomErrorResponse | undefined {
  const items = (config.CustomErrorResponses as { Items?: CustomErrorResponse[] } | undefined)?.Items ?? [];
  return items.find((i) => Number(i.ErrorCode) === status);
}

interface Served {
  response: CachedResponse;
  xCache: "Hit" | "Miss" | "RefreshHit" | "Error" | "LambdaGeneratedResponse";
  age?: number;
}

function ttlFor(state: EdgeState, meta: DistributionMeta, policy: BehaviorPolicy, res: CachedResponse): number {
  if (res.status >= 400) return Number(customErrorFor(meta.config, res.status)?.ErrorCachingMinTTL ?? ERROR_TTL);
  // CloudFront caches 200, 203, 300, 301, 410 and the like; partial and empty answers are not kept here.
  if (![200, 203, 300, 301, 302, 307, 308].includes(res.status)) return 0;
  return ttlOf(policy.ttl, res.headers, state.env.clock.now());
}

/** A fresh cache entry (with its age), a revalidated one, else the origin's answer, stored for its TTL. */
async function cachedOrOrigin(state: EdgeState, account: string, meta: DistributionMeta, behavior: CacheBehavior, r: EdgeRequest, requestId: string): Promise<Served> {
  const cacheable = r.method === "GET" || r.method === "HEAD";
  const policy = policyOf(behavior, (id) => state.cachePolicy(account, id));
  const key = cacheKey({ uri: r.uri, query: queryOf(r.querystring), headers: r.headers, cookies: cookiesOf(r.headers.cookie) }, policy);
  const cached = cacheable ? state.cache.get(meta.id, key) : undefined;
  if (cached && !cached.stale) return { response: cached.response, xCache: "Hit", age: cached.age };
  const originReq = originRequestOf(r, behavior, policy, requestId);
  if (cached?.stale) {
    if (cached.response.headers.etag) originReq.headers["if-none-match"] = cached.response.headers.etag;
    else originReq.headers["if-modified-since"] = cached.response.headers["last-modified"]!;
  }
  const origin = (meta.config.Origins.Items ?? []).find((o) => o.Id === behavior.TargetOriginId);
  const response = origin ? await fetchOrigin(state.env, account, origin, originReq) : errorPage(502, pageTexts.badGateway, requestId);
  if (cached?.stale && response.status === 304) {
    const merged = { ...cached.response.headers, ...response.headers };
    const refreshed = state.cache.refresh(meta.id, key, ttlOf(policy.ttl, merged, state.env.clock.now()), response.headers);
    if (refreshed) return { response: refreshed, xCache: "RefreshHit", age: 0 };
  }
  if (cacheable) state.cache.put(meta.id, key, r.uri, response, ttlFor(state, meta, policy, response));
  return { response, xCache: response.status >= 400 ? "Error" : "Miss" };
}
