/**
 * What a behaviour puts in the cache key and what it forwards to the origin: managed cache
 * policies under their real ids, custom cache policies, origin-request policies (header-policies.ts), or the legacy
 * ForwardedValues/MinTTL/DefaultTTL/MaxTTL settings.
 */
import type { TtlPolicy } from "./cache.js";
import type { CacheBehavior } from "./distribution.js";
import { forwardPolicyFromConfig, managedOriginRequestPolicy, type OriginRequestPolicyConfig } from "./header-policies.js";

export type NameSet = { mode: "none" | "all" | "only" | "except"; names: string[] };

export interface BehaviorPolicy {
  ttl: TtlPolicy;
  queryStrings: NameSet;
  /** Header names (lower-case) in the key. */
  headers: string[];
  cookies: NameSet;
  gzip: boolean;
  brotli: boolean;
}

/** What reaches the origin beside the key's members (origin-request policy). */
export interface ForwardPolicy {
  queryStrings: NameSet;
  headers: NameSet;
  cookies: NameSet;
}

const none: NameSet = { mode: "none", names: [] };
const all: NameSet = { mode: "all", names: [] };
const only = (...names: string[]): NameSet => ({ mode: "only", names });
const YEAR = 31536000;
const originOverrides = ["host", "origin", "x-http-method-override", "x-http-method", "x-method-override"];

/** AWS's managed cache policies under their real ids. */
const managedCachePolicies: Record<string, BehaviorPolicy> = {
  // CachingOptimized
  "658327ea-f89d-4fab-a63d-7e88639e58f6": { ttl: { min: 1, def: 86400, max: YEAR }, queryStrings: none, headers: [], cookies: none, gzip: true, brotli: true },
  // CachingDisabled
  "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": { ttl: { min: 0, def: 0, max: 0 }, queryStrings: none, headers: [], cookies: none, gzip: false, brotli: false },
  // CachingOptimizedForUncompressedObjects
  "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": { ttl: { min: 1, def: 86400, max: YEAR }, queryStrings: none, headers: [], cookies: none, gzip: false, brotli: false },
  // UseOriginCacheControlHeaders
  "83da9c7e-98b4-4e11-a168-04f0df8e2c65": { ttl: { min: 0, def: 0, max: YEAR }, queryStrings: none, headers: originOverrides, cookies: all, gzip: true, brotli: true },
  // UseOriginCacheControlHeaders-QueryStrings
  "4cc15a8a-d715-48a4-82b8-cc0b614638fe": { ttl: { min: 0, def: 0, max: YEAR }, queryStrings: all, headers: originOverrides, cookies: all, gzip: true, brotli: true },
  // Amplify
  "2e54312d-136d-493c-8eb9-b001f22f67d2": { ttl: { min: 2, def: 2, max: YEAR }, queryStrings: all, headers: ["authorization", "cloudfront-viewer-country", "host"], cookies: all, gzip: true, brotli: true },
};

const managedNames: Record<string, string> = {
  "658327ea-f89d-4fab-a63d-7e88639e58f6": "Managed-CachingOptimized",
  "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": "Managed-CachingDisabled",
  "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": "Managed-CachingOptimizedForUncompressedObjects",
  "83da9c7e-98b4-4e11-a168-04f0df8e2c65": "UseOriginCacheControlHeaders",
  "4cc15a8a-d715-48a4-82b8-cc0b614638fe": "UseOriginCacheControlHeaders-QueryStrings",
  "2e54312d-136d-493c-8eb9-b001f22f67d2": "Managed-Amplify",
};

function configSet(set: NameSet, field: "QueryStrings" | "Cookies"): Record<string, unknown> {
  const behavior = set.mode === "only" ? "whitelist" : set.mode === "except" ? "allExcept" : set.mode;
  return { [field === "QueryStrings" ? "QueryStringBehavior" : "CookieBehavior"]: behavior, ...(set.names.length > 0 ? { [field]: { Quantity: set.names.length, Items: set.names } } : {}) };
}

/** A managed cache policy as GetCachePolicyConfig answers it, or undefined for another id. */
export function managedCachePolicyConfig(id: string): CachePolicyConfig | undefined {
  // Own keys only: an id from the request ("constructor") must not reach Object.prototype.
  const p = Object.hasOwn(managedCachePolicies, id) ? managedCachePolicies[id] : undefined;
  if (!p) return undefined;
  return {
    Name: managedNames[id]!,
    Comment: "Policy managed by AWS",
    MinTTL: p.ttl.min,
    DefaultTTL: p.ttl.def,
    MaxTTL: p.ttl.max,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: p.gzip,
      EnableAcceptEncodingBrotli: p.brotli,
      HeadersConfig: p.headers.length > 0 ? { HeaderBehavior: "whitelist", Headers: { Quantity: p.headers.length, Items: p.headers } } : { HeaderBehavior: "none" },
      CookiesConfig: configSet(p.cookies, "Cookies") as CachePolicyConfig["ParametersInCacheKeyAndForwardedToOrigin"]["CookiesConfig"],
      QueryStringsConfig: configSet(p.queryStrings, "QueryStrings") as CachePolicyConfig["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"],
    },
  } as CachePolicyConfig;
}

export const managedCachePolicyIds = Object.keys(managedCachePolicies);

/** A custom cache policy's config (CreateCachePolicy's CachePolicyConfig). */
export interface CachePolicyConfig {
  Name: string;
  Comment?: string;
  MinTTL: number;
  DefaultTTL?: number;
  MaxTTL?: number;
  ParametersInCacheKeyAndForwardedToOrigin: {
    EnableAcceptEncodingGzip: boolean;
    EnableAcceptEncodingBrotli?: boolean;
    HeadersConfig: { HeaderBehavior: string; Headers?: { Items?: string[] } };
    CookiesConfig: { CookieBehavior: string; Cookies?: { Items?: string[] } };
    QueryStringsConfig: { QueryStringBehavior: string; QueryStrings?: { Items?: string[] } };
  };
}

function nameSet(behavior: string, items: string[] | undefined, lower = false): NameSet {
  const names = (items ?? []).map((n) => (lower ? n.toLowerCase() : n));
  if (behavior === "all") return all;
  if (behavior === "whitelist") return { mode: "only", names };
  if (behavior === "allExcept") return { mode: "except", names };
  return none;
}

export function policyFromConfig(c: CachePolicyConfig): BehaviorPolicy {
  const p = c.ParametersInCacheKeyAndForwardedToOrigin;
  return {
    ttl: { min: Number(c.MinTTL ?? 0), def: Number(c.DefaultTTL ?? 86400), max: Number(c.MaxTTL ?? YEAR) },
    queryStrings: nameSet(p.QueryStringsConfig.QueryStringBehavior, p.QueryStringsConfig.QueryStrings?.Items),
    headers: p.HeadersConfig.HeaderBehavior === "whitelist" ? (p.HeadersConfig.Headers?.Items ?? []).map((h) => h.toLowerCase()) : [],
    cookies: nameSet(p.CookiesConfig.CookieBehavior, p.CookiesConfig.Cookies?.Items),
    gzip: Boolean(p.EnableAcceptEncodingGzip),
    brotli: Boolean(p.EnableAcceptEncodingBrotli),
  };
}

interface LegacyForwardedValues {
  QueryString?: boolean;
  QueryStringCacheKeys?: { Items?: string[] };
  Headers?: { Items?: string[] };
  Cookies?: { Forward?: string; WhitelistedNames?: { Items?: string[] } };
}

export type CachePolicyLookup = (id: string) => CachePolicyConfig | undefined;

/** Policies built from a config or a behaviour, kept while that object lives (configs are read once per change). */
const built = new WeakMap<object, BehaviorPolicy>();

export function policyOf(b: CacheBehavior, lookup: CachePolicyLookup = () => undefined): BehaviorPolicy {
  if (b.CachePolicyId !== undefined) {
    const managed = Object.hasOwn(managedCachePolicies, b.CachePolicyId) ? managedCachePolicies[b.CachePolicyId] : undefined;
    if (managed) return managed;
    const custom = lookup(b.CachePolicyId);
    if (custom) {
      let p = built.get(custom);
      if (!p) built.set(custom, (p = policyFromConfig(custom)));
      return p;
    }
    return { ttl: { min: 0, def: 86400, max: YEAR }, queryStrings: none, headers: [], cookies: none, gzip: false, brotli: false };
  }
  let legacy = built.get(b);
  if (!legacy) built.set(b, (legacy = legacyPolicyOf(b)));
  return legacy;
}

function legacyPolicyOf(b: CacheBehavior): BehaviorPolicy {
  const fv = (b.ForwardedValues ?? {}) as LegacyForwardedValues;
  const keys = fv.QueryStringCacheKeys?.Items ?? [];
  const cookies = fv.Cookies?.Forward === "all" ? all : fv.Cookies?.Forward === "whitelist" ? only(...(fv.Cookies.WhitelistedNames?.Items ?? [])) : none;
  return {
    ttl: { min: Number(b.MinTTL ?? 0), def: Number(b.DefaultTTL ?? 86400), max: Number(b.MaxTTL ?? YEAR) },
    queryStrings: fv.QueryString ? (keys.length > 0 ? only(...keys) : all) : none,
    headers: (fv.Headers?.Items ?? []).map((h) => h.toLowerCase()),
    cookies,
    gzip: b.Compress === true,
    brotli: false,
  };
}

export type OriginRequestPolicyLookup = (id: string) => OriginRequestPolicyConfig | undefined;

/** What a behaviour's origin-request policy (managed or the account's own) forwards beside the key. */
export function forwardPolicyOf(b: CacheBehavior, lookup: OriginRequestPolicyLookup = () => undefined): ForwardPolicy | undefined {
  const id = b.OriginRequestPolicyId as string | undefined;
  if (id === undefined || id === "") return undefined;
  const config = managedOriginRequestPolicy(id) ?? lookup(id);
  return config ? forwardPolicyFromConfig(config) : undefined;
}

export function inSet(set: NameSet, name: string): boolean {
  if (set.mode === "all") return true;
  if (set.mode === "only") return set.names.includes(name);
  if (set.mode === "except") return !set.names.includes(name);
  return false;
}

/** CloudFront's normalized Accept-Encoding: `br,gzip`, `gzip`, `br` or nothing, as the policy enables them. */
export function normalizedAcceptEncoding(policy: BehaviorPolicy, header: string | undefined): string {
  if (!header) return "";
  const tokens = header.toLowerCase().split(",").map((t) => t.split(";")[0]!.trim());
  const out: string[] = [];
  if (policy.brotli && tokens.includes("br")) out.push("br");
  if (policy.gzip && tokens.includes("gzip")) out.push("gzip");
  return out.join(",");
}

export interface KeyRequest {
  uri: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  cookies: [string, string][];
}

/** The cache key: the URI, then the policy's query strings, headers and cookies (sorted), and Accept-Encoding. */
export function cacheKey(req: KeyRequest, policy: BehaviorPolicy): string {
  const qs: string[] = [];
  for (const [k, v] of req.query) if (inSet(policy.queryStrings, k)) qs.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  qs.sort();
  let key = qs.length > 0 ? `${req.uri}?${qs.join("&")}` : req.uri;
  const parts: string[] = [];
  for (const h of policy.headers) if (req.headers[h] !== undefined) parts.push(`h:${h}=${req.headers[h]}`);
  const cookies = req.cookies.filter(([k]) => inSet(policy.cookies, k)).map(([k, v]) => `c:${k}=${v}`);
  cookies.sort();
  parts.push(...cookies);
  const ae = normalizedAcceptEncoding(policy, req.headers["accept-encoding"]);
  if (ae) parts.push(`ae:${ae}`);
  if (parts.length > 0) key += `\n${parts.join("\n")}`;
  return key;
}
