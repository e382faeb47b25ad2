/**
 * REST API stage caches: integration responses kept per stage for the method's TTL on the server
 * clock, keyed as AWS keys them — the method, the cache namespace (the resource, unless set) and
 * the values of the integration's `cacheKeyParameters`; the request path itself is not part of the
 * key, so `/items/1` and `/items/2` share an entry unless `method.request.path.id` is a key.
 */
import type { HttpResponse } from "../../core/service.js";
import type { Method, Resource, Stage } from "../rest/model.js";
import type { Invocation } from "./common.js";

/** AWS does not cache responses larger than 1 MB. */
const MAX_ENTRY_BYTES = 1024 * 1024;
/** Local bound on one stage's cache (AWS's smallest cluster holds 0.5 GB). */
const MAX_STAGE_BYTES = 64 * 1024 * 1024;
const MAX_TTL_SECONDS = 3600;

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  expiresAt: number;
}

class StageCache {
  readonly entries = new Map<string, Entry>();
  bytes = 0;

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.bytes -= old.body.length;
    this.entries.delete(key);
  }
}

export interface CachePolicy {
  ttlMs: number;
  requireAuthorization: boolean;
  unauthorizedStrategy: "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";
}

/**
 * Whether this method's responses are cached on this stage, and how: the cache cluster must be on,
 * and caching enabled by the method's own setting, or (GET only, as AWS defaults it) by `*\/*`.
 */
export function cachePolicy(stage: Stage, settingKey: string, httpMethod: string): CachePolicy | undefined {
  if (!stage.cacheClusterEnabled) return undefined;
  const own = stage.methodSettings[settingKey];
  const setting = own ?? (httpMethod === "GET" ? stage.methodSettings["*/*"] : undefined);
  if (!setting || setting.cachingEnabled !== true) return undefined;
  const ttl = Math.min(Number(setting.cacheTtlInSeconds ?? 300), MAX_TTL_SECONDS);
  if (!(ttl > 0)) return undefined;
  const strategy = setting.unauthorizedCacheControlHeaderStrategy;
  return {
    ttlMs: ttl * 1000,
    requireAuthorization: setting.requireAuthorizationForCacheControl !== false,
    unauthorizedStrategy: strategy === "FAIL_WITH_403" || strategy === "SUCCEED_WITHOUT_RESPONSE_HEADER" ? strategy : "SUCCEED_WITH_RESPONSE_HEADER",
  };
}

/** The entry's key: `method.request.{header|querystring|path|multivalue…}.<name>` values in order. */
export function cacheKey(inv: Invocation, resource: Resource, method: Method, query: Map<string, string[]>, pathParameters: Record<string, string> | null): string {
  const integration = method.methodIntegration;
  const parts = [inv.method, integration?.cacheNamespace ?? resource.id];
  for (const param of integration?.cacheKeyParameters ?? []) {
    const m = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/.exec(param);
    if (!m) continue;
    const name = m[2]!;
    let value: string | undefined;
    if (m[1] === "header" || m[1] === "multivalueheader") value = inv.headers[name.toLowerCase()];
    else if (m[1] === "querystring") value = query.get(name)?.at(-1);
    else if (m[1] === "multivaluequerystring") value = query.get(name)?.join(",");
    else value = pathParameters?.[name];
    parts.push(`${param}=${value === undefined ? "\u0001" : value}`);
  }
  return parts.join("\u0000");
}

/** `Cache-Control: max-age=0` asks for the integration's fresh answer (and a refreshed entry). */
export function wantsInvalidation(headers: Record<string, string | undefined>): boolean {
  const value = headers["cache-control"];
  return value !== undefined && /(?:^|,)\s*max-age\s*=\s*0\s*(?:,|$)/i.test(value);
}

/** The stage caches of one server (in memory, as AWS's cache clusters are: a restart starts cold). */
export class StageCaches {
  private readonly stages = new Map<string, StageCache>();

  get(stageKey: string, key: string, now: number): HttpResponse | undefined {
    const cache = this.stages.get(stageKey);
    const entry = cache?.entries.get(key);
    if (!cache || !entry) return undefined;
    if (entry.expiresAt <= now) {
      cache.delete(key);
      return undefined;
    }
    return { status: entry.status, headers: { ...entry.headers }, body: entry.body };
  }

  /** Keeps a 2xx response with an in-memory body for `ttlMs`. */
  put(stageKey: string, key: string, response: HttpResponse, ttlMs: number, now: number): void {
    if (response.status < 200 || response.status > 299) return;
    const body = typeof response.body === "string" ? Buffer.from(response.body) : Buffer.isBuffer(response.body) ? response.body : response.body === undefined ? Buffer.alloc(0) : undefined;
    if (!body || body.length > MAX_ENTRY_BYTES) return;
    let cache = this.stages.get(stageKey);
    if (!cache) this.stages.set(stageKey, (cache = new StageCache()));
    cache.delete(key);
    while (cache.bytes + body.length > MAX_STAGE_BYTES && cache.entries.size > 0) cache.delete(cache.entries.keys().next().value!);
    const headers = { ...response.headers };
    delete headers["x-amzn-requestid"];
    cache.entries.set(key, { status: response.status, headers, body, expiresAt: now + ttlMs });
    cache.bytes += body.length;
  }

  /** FlushStageCache, a cache cluster turned off or resized, a stage deleted. */
  flush(stageKey: string): void {
    this.stages.delete(stageKey);
  }

  clear(): void {
    this.stages.clear();
  }
}

export function stageCacheKey(accountId: string, region: string, apiId: string, stageName: string): string {
  return `${accountId}/${region}/${apiId}/${stageName}`;
}
