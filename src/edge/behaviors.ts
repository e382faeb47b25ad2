/** Which cache behaviour serves a URI (its policies are in policies.ts). */
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

