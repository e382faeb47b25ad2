/** The cache and origin step: a hit, a revalidation, or origin-request → origin → origin-response → store. */
import { ttlOf, type CachedResponse } from "./cache.js";
import type { CacheBehavior, DistributionMeta } from "./distribution.js";
import { lambdaFor } from "./lambda-edge/associations.js";
import { lambdaOnRequest, lambdaOnResponse, type LambdaContext } from "./lambda-edge/run.js";
import { fetchOrigin } from "./origins/index.js";
import { errorPage, pageTexts } from "./pages.js";
import { cacheKey, policyOf, type BehaviorPolicy } from "./policies.js";
import { cookiesOf, originRequestOf, queryOf, type EdgeRequest } from "./request.js";
import type { EdgeState } from "./state.js";

const EMPTY_QUERY = new URLSearchParams();

/** CloudFront caches error responses for 10 seconds by default (ErrorCachingMinTTL). */
const ERROR_TTL = 10;

export type XCache = "Hit" | "Miss" | "RefreshHit" | "Error" | "LambdaGeneratedResponse" | "LambdaExecutionError" | "LambdaValidationError";

export interface Served {
  response: CachedResponse;
  xCache: XCache;
  age?: number;
}

/** What X-Cache says when a Lambda@Edge function failed: 503 execution, 502 validation. */
export function lambdaErrorXCache(res: CachedResponse): XCache {
  return res.status === 502 ? "LambdaValidationError" : "LambdaExecutionError";
}

interface CustomErrorResponse {
  ErrorCode: number;
  ResponsePagePath?: string;
  ResponseCode?: string;
  ErrorCachingMinTTL?: number;
}

export function customErrorFor(config: DistributionMeta["config"], status: number): CustomErrorResponse | undefined {
  const items = (config.CustomErrorResponses as { Items?: CustomErrorResponse[] } | undefined)?.Items ?? [];
  return items.find((i) => Number(i.ErrorCode) === status);
}

function ttlFor(state: EdgeState, meta: DistributionMeta, policy: BehaviorPolicy, res: CachedResponse): number {
  if (res.status >= 400) return Number(customErrorFor(meta.config, res.status)?.ErrorCachingMinTTL ?? ERROR_TTL);
  // CloudFront caches 200, 203, 300, 301, 410 and the like; partial and empty answers are not kept here.
  if (![200, 203, 300, 301, 302, 307, 308].includes(res.status)) return 0;
  return ttlOf(policy.ttl, res.headers, state.env.clock.now());
}

/** A fresh cache entry (with its age), a revalidated one, else the origin's answer, stored for its TTL. */
export async function cachedOrOrigin(lc: LambdaContext, account: string, behavior: CacheBehavior, r: EdgeRequest): Promise<Served> {
  const { state, meta, requestId } = lc;
  const cacheable = r.method === "GET" || r.method === "HEAD";
  const policy = policyOf(behavior, (id) => state.cachePolicy(account, id));
  // Query strings and cookies are parsed only when the policy keys by them (the hit path stays short).
  const query = policy.queryStrings.mode === "none" || r.querystring === "" ? EMPTY_QUERY : queryOf(r.querystring);
  const cookies = policy.cookies.mode === "none" ? [] : cookiesOf(r.headers.cookie);
  const key = cacheKey({ uri: r.uri, query, headers: r.headers, cookies }, policy);
  const cached = cacheable ? state.cache.get(meta.id, key) : undefined;
  if (cached && !cached.stale) return { response: cached.response, xCache: "Hit", age: cached.age };
  let originReq = originRequestOf(r, behavior, policy, requestId, (id) => state.storedPolicy(account, "origin-request", id));
  let origin = r.origin ?? (meta.config.Origins.Items ?? []).find((o) => o.Id === behavior.TargetOriginId);
  const onRequest = lambdaFor(behavior, "origin-request");
  if (onRequest) {
    const out = await lambdaOnRequest(lc, onRequest, "origin-request", originReq, origin);
    if ("response" in out) {
      if (!out.generated) return { response: out.response, xCache: lambdaErrorXCache(out.response) };
      // A response generated at origin-request is cached like the origin's.
      if (cacheable) state.cache.put(meta.id, key, r.uri, out.response, ttlFor(state, meta, policy, out.response));
      return { response: out.response, xCache: "LambdaGeneratedResponse" };
    }
    originReq = out.request;
    origin = out.origin ?? origin;
  }
  if (cached?.stale) {
    if (cached.response.headers.etag) originReq.headers["if-none-match"] = cached.response.headers.etag;
    else originReq.headers["if-modified-since"] = cached.response.headers["last-modified"]!;
  }
  let response = origin ? await fetchOrigin(state.env, account, origin, originReq) : errorPage(502, pageTexts.badGateway, requestId);
  if (cached?.stale && response.status === 304) {
    const merged = { ...cached.response.headers, ...response.headers };
    const refreshed = state.cache.refresh(meta.id, key, ttlOf(policy.ttl, merged, state.env.clock.now()), response.headers);
    if (refreshed) return { response: refreshed, xCache: "RefreshHit", age: 0 };
  }
  const onResponse = lambdaFor(behavior, "origin-response");
  if (onResponse) {
    const out = await lambdaOnResponse(lc, onResponse, "origin-response", originReq, response);
    if (out.failed) return { response: out.response, xCache: lambdaErrorXCache(out.response) };
    response = out.response;
  }
  if (cacheable) state.cache.put(meta.id, key, r.uri, response, ttlFor(state, meta, policy, response));
  return { response, xCache: response.status >= 400 ? "Error" : "Miss" };
}
