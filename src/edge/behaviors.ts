/** Which cache behaviour serves a URI, and the cache key and TTLs its policy gives. */
import type { TtlPolicy } from "./cache.js";
import type { CacheBehavior, DistributionConfig } from "./distribution.js";

/** CloudFront path patterns: `*` any run of characters (slashes included), `?` one; case-sensitive. */
export function matchesPathPattern(pattern: string, uri: string): boolean {
  return globMatch(pattern.replace(/^\//, ""), uri.replace(/^\//, ""));
}

/** Wildcard matching in O(pattern × text) at worst, with no regular expression to backtrack. */
function globMatch(p: string, t: string): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

export function behaviorFor(config: DistributionConfig, uri: string): CacheBehavior {
  for (const b of config.CacheBehaviors?.Items ?? []) if (b.PathPattern !== undefined && matchesPathPattern(b.PathPattern, uri)) return b;
  return config.DefaultCacheBehavior;
}

interface ManagedCachePolicy extends TtlPolicy {
  queryStrings: "none" | "all";
}

/** AWS's managed cache policies under their real ids. */
const managedCachePolicies: Record<string, ManagedCachePolicy> = {
  // CachingOptimized
  "658327ea-f89d-4fab-a63d-7e88639e58f6": { min: 1, def: 86400, max: 31536000, queryStrings: "none" },
  // CachingDisabled
  "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": { min: 0, def: 0, max: 0, queryStrings: "none" },
  // CachingOptimizedForUncompressedObjects
  "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": { min: 1, def: 86400, max: 31536000, queryStrings: "none" },
  // UseOriginCacheControlHeaders-QueryStrings
  "4cc15a8a-d715-48a4-82b8-cc0b614638fe": { min: 0, def: 0, max: 31536000, queryStrings: "all" },
  // UseOriginCacheControlHeaders
  "83da9c7e-98b4-4e11-a168-04f0df8e2c65": { min: 0, def: 0, max: 31536000, queryStrings: "none" },
};

export interface BehaviorPolicy {
  ttl: TtlPolicy;
  /** Query string names in the key; "all" or a list (empty: none). */
  queryStrings: "all" | string[];
}

export function policyOf(b: CacheBehavior): BehaviorPolicy {
  if (b.CachePolicyId !== undefined) {
    const managed = managedCachePolicies[b.CachePolicyId];
    if (managed) return { ttl: managed, queryStrings: managed.queryStrings === "all" ? "all" : [] };
    // A custom cache policy (not implemented yet): CloudFront's legacy defaults.
    return { ttl: { min: 0, def: 86400, max: 31536000 }, queryStrings: [] };
  }
  const fv = b.ForwardedValues;
  const keys = fv?.QueryStringCacheKeys?.Items ?? [];
  return {
    ttl: { min: Number(b.MinTTL ?? 0), def: Number(b.DefaultTTL ?? 86400), max: Number(b.MaxTTL ?? 31536000) },
    queryStrings: fv?.QueryString ? (keys.length > 0 ? keys : "all") : [],
  };
}

/** The cache key: the URI and, as the policy says, the query strings (sorted, so order does not split the cache). */
export function cacheKey(uri: string, query: URLSearchParams, policy: BehaviorPolicy): string {
  const kept: string[] = [];
  for (const [k, v] of query) if (policy.queryStrings === "all" || policy.queryStrings.includes(k)) kept.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  kept.sort();
  return kept.length > 0 ? `${uri}?${kept.join("&")}` : uri;
}
