import { describe, expect, it } from "vitest";
import { matchesPathPattern } from "../../src/edge/behaviors.js";
import { ttlOf } from "../../src/edge/cache.js";
import { bucketOf } from "../../src/edge/origins/index.js";
import { cacheKey, normalizedAcceptEncoding, policyOf } from "../../src/edge/policies.js";

const policy = { min: 10, def: 100, max: 1000 };

describe("edge cache rules", () => {
  it("takes s-maxage over max-age, clamped to [Min, Max]; else Expires; else DefaultTTL", () => {
    expect(ttlOf(policy, { "cache-control": "max-age=50, s-maxage=500" }, 0)).toBe(500);
    expect(ttlOf(policy, { "cache-control": "public, max-age=50" }, 0)).toBe(50);
    expect(ttlOf(policy, { "cache-control": "max-age=1" }, 0)).toBe(10);
    expect(ttlOf(policy, { "cache-control": "max-age=99999" }, 0)).toBe(1000);
    expect(ttlOf(policy, { expires: "Thu, 01 Jan 1970 00:03:20 GMT" }, 0)).toBe(200);
    expect(ttlOf(policy, {}, 0)).toBe(100);
  });

  it("honours no-cache, no-store and private only when MinTTL is 0", () => {
    expect(ttlOf({ ...policy, min: 0 }, { "cache-control": "no-store" }, 0)).toBe(0);
    expect(ttlOf({ ...policy, min: 0 }, { "cache-control": "private, max-age=60" }, 0)).toBe(0);
    expect(ttlOf(policy, { "cache-control": "no-cache" }, 0)).toBe(100);
  });

  it("matches path patterns with * and ?, case-sensitive, with or without the leading slash", () => {
    expect(matchesPathPattern("/images/*.jpg", "/images/a/b.jpg")).toBe(true);
    expect(matchesPathPattern("images/*", "/images/x")).toBe(true);
    expect(matchesPathPattern("/images/*", "/Images/x")).toBe(false);
    expect(matchesPathPattern("/a?c", "/abc")).toBe(true);
    expect(matchesPathPattern("/a?c", "/abbc")).toBe(false);
    expect(matchesPathPattern("/a.b", "/axb")).toBe(false);
    expect(matchesPathPattern("*", "/anything/at/all")).toBe(true);
    expect(matchesPathPattern("/*.js", "/a.jsx")).toBe(false);
    // No catastrophic backtracking on a pathological pattern.
    expect(matchesPathPattern("/*a*a*a*a*a*a*a*a*a*a*b", `/${"a".repeat(5000)}`)).toBe(false);
  });

  it("keys by the URI and only the query strings the behaviour forwards, in a stable order", () => {
    const all = policyOf({ TargetOriginId: "o", ForwardedValues: { QueryString: true } });
    const none = policyOf({ TargetOriginId: "o", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" });
    const q = { uri: "/x", query: new URLSearchParams("b=2&a=1"), headers: {}, cookies: [] };
    expect(cacheKey(q, all)).toBe("/x?a=1&b=2");
    expect(cacheKey(q, none)).toBe("/x");
    expect(none.ttl).toMatchObject({ min: 1, def: 86400, max: 31536000 });
  });

  it("keys by the headers and cookies the policy names, and by normalized Accept-Encoding", () => {
    const legacy = policyOf({ TargetOriginId: "o", ForwardedValues: { QueryString: false, Headers: { Quantity: 1, Items: ["Accept-Language"] }, Cookies: { Forward: "whitelist", WhitelistedNames: { Quantity: 1, Items: ["ab"] } } } });
    const req = (headers: Record<string, string>, cookies: [string, string][] = []) => ({ uri: "/p", query: new URLSearchParams(), headers, cookies });
    expect(cacheKey(req({ "accept-language": "fr" }, [["ab", "b"], ["session", "1"]]), legacy)).toBe("/p\nh:accept-language=fr\nc:ab=b");
    expect(cacheKey(req({ "user-agent": "x" }, [["session", "2"]]), legacy)).toBe("/p");
    const optimized = policyOf({ TargetOriginId: "o", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" });
    expect(normalizedAcceptEncoding(optimized, "gzip, deflate, br;q=0.9")).toBe("br,gzip");
    expect(normalizedAcceptEncoding(optimized, "deflate")).toBe("");
    expect(cacheKey(req({ "accept-encoding": "gzip" }), optimized)).toBe("/p\nae:gzip");
    const uncompressed = policyOf({ TargetOriginId: "o", CachePolicyId: "b2884449-e4de-46a7-ac36-70bc7f1ddd6d" });
    expect(cacheKey(req({ "accept-encoding": "gzip, br" }), uncompressed)).toBe("/p");
  });

  it("reads the bucket from S3 origin domain names", () => {
    expect(bucketOf("site.s3.amazonaws.com")).toBe("site");
    expect(bucketOf("my.site.s3.eu-west-1.amazonaws.com")).toBe("my.site");
    expect(bucketOf("site.s3-eu-west-1.amazonaws.com")).toBe("site");
    expect(bucketOf("example.com")).toBeUndefined();
    expect(bucketOf("site.s3-website-us-east-1.amazonaws.com")).toBeUndefined();
  });
});
