/**
 * Origin-request and response-headers policies: AWS's managed ones under their real ids, the
 * configs of custom ones, what a behaviour forwards to its origin and adds to its responses.
 */
import type { ForwardPolicy, NameSet } from "./policies.js";

type Items<T> = { Quantity?: number; Items?: T[] };

/** CreateOriginRequestPolicy's OriginRequestPolicyConfig. */
export interface OriginRequestPolicyConfig {
  Name: string;
  Comment?: string;
  HeadersConfig: { HeaderBehavior: string; Headers?: Items<string> };
  CookiesConfig: { CookieBehavior: string; Cookies?: Items<string> };
  QueryStringsConfig: { QueryStringBehavior: string; QueryStrings?: Items<string> };
}

interface Overridable {
  Override?: boolean;
}

/** CreateResponseHeadersPolicy's ResponseHeadersPolicyConfig. */
export interface ResponseHeadersPolicyConfig {
  Name: string;
  Comment?: string;
  CorsConfig?: {
    AccessControlAllowOrigins: Items<string>;
    AccessControlAllowHeaders: Items<string>;
    AccessControlAllowMethods: Items<string>;
    AccessControlAllowCredentials: boolean;
    AccessControlExposeHeaders?: Items<string>;
    AccessControlMaxAgeSec?: number;
    OriginOverride: boolean;
  };
  SecurityHeadersConfig?: {
    XSSProtection?: Overridable & { Protection: boolean; ModeBlock?: boolean; ReportUri?: string };
    FrameOptions?: Overridable & { FrameOption: string };
    ReferrerPolicy?: Overridable & { ReferrerPolicy: string };
    ContentSecurityPolicy?: Overridable & { ContentSecurityPolicy: string };
    ContentTypeOptions?: Overridable;
    StrictTransportSecurity?: Overridable & { IncludeSubdomains?: boolean; Preload?: boolean; AccessControlMaxAgeSec: number };
  };
  CustomHeadersConfig?: Items<{ Header: string; Value: string; Override: boolean }>;
  RemoveHeadersConfig?: Items<{ Header: string }>;
  ServerTimingHeadersConfig?: { Enabled: boolean; SamplingRate?: number };
}

const list = (...items: string[]): Items<string> => ({ Quantity: items.length, Items: items });
const noneOf = { Quantity: 0 };

function orp(Name: string, Comment: string, headers: [string, string[]], cookies: string, queries: string): OriginRequestPolicyConfig {
  return {
    Name,
    Comment,
    HeadersConfig: { HeaderBehavior: headers[0], ...(headers[1].length > 0 ? { Headers: list(...headers[1]) } : {}) },
    CookiesConfig: { CookieBehavior: cookies },
    QueryStringsConfig: { QueryStringBehavior: queries },
  };
}

const cfViewerHeaders = ["CloudFront-Viewer-Address", "CloudFront-Viewer-Country", "CloudFront-Is-Mobile-Viewer", "CloudFront-Is-Desktop-Viewer"];

/** AWS's managed origin-request policies under their real ids. */
export const managedOriginRequestPolicies: Record<string, OriginRequestPolicyConfig> = {
  "216adef6-5c7f-47e4-b989-5492eafa07d3": orp("Managed-AllViewer", "Policy to forward all parameters in viewer requests", ["allViewer", []], "all", "all"),
  "b689b0a8-53d0-40ab-baf2-68738e2966ac": orp("Managed-AllViewerExceptHostHeader", "Policy to forward all parameters in viewer requests except for the Host header", ["allExcept", ["host"]], "all", "all"),
  "33f36d7e-f396-46d9-90e0-52428a34d9dc": orp("Managed-AllViewerAndCloudFrontHeaders-2022-06", "Policy to forward all parameters in viewer requests and all CloudFront headers", ["allViewerAndWhitelistCloudFront", cfViewerHeaders], "all", "all"),
  "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": orp("Managed-CORS-S3Origin", "Policy for origin request to enable CORS for S3 origins", ["whitelist", ["origin", "access-control-request-headers", "access-control-request-method"]], "none", "none"),
  "59781a5b-3903-41f3-afcb-af62929ccde1": orp("Managed-CORS-CustomOrigin", "Policy for origin request to enable CORS for custom origins", ["whitelist", ["origin"]], "none", "none"),
  "acba4595-bd28-49b8-b9fe-13317c0390fa": orp("Managed-UserAgentRefererHeaders", "Policy for origin request to forward User-Agent and Referer headers", ["whitelist", ["user-agent", "referer"]], "none", "none"),
};

const simpleCors: ResponseHeadersPolicyConfig["CorsConfig"] = {
  AccessControlAllowOrigins: list("*"),
  AccessControlAllowHeaders: noneOf,
  AccessControlAllowMethods: list("ALL"),
  AccessControlAllowCredentials: false,
  AccessControlExposeHeaders: list("*"),
  OriginOverride: false,
};
const preflightCors: ResponseHeadersPolicyConfig["CorsConfig"] = {
  AccessControlAllowOrigins: list("*"),
  AccessControlAllowHeaders: list("*"),
  AccessControlAllowMethods: list("ALL"),
  AccessControlAllowCredentials: false,
  AccessControlExposeHeaders: list("*"),
  AccessControlMaxAgeSec: 600,
  OriginOverride: false,
};
const securityHeaders: ResponseHeadersPolicyConfig["SecurityHeadersConfig"] = {
  XSSProtection: { Override: false, Protection: true, ModeBlock: true },
  FrameOptions: { Override: false, FrameOption: "SAMEORIGIN" },
  ReferrerPolicy: { Override: false, ReferrerPolicy: "strict-origin-when-cross-origin" },
  ContentTypeOptions: { Override: true },
  StrictTransportSecurity: { Override: false, IncludeSubdomains: false, Preload: false, AccessControlMaxAgeSec: 31536000 },
};

/** AWS's managed response-headers policies under their real ids. */
export const managedResponseHeadersPolicies: Record<string, ResponseHeadersPolicyConfig> = {
  "60669652-455b-4ae9-85a4-c4c02393f86c": { Name: "Managed-SimpleCORS", Comment: "Allows all origins for simple CORS requests", CorsConfig: simpleCors },
  "5cc3b908-e619-4b99-88e5-2cf7f45965bd": { Name: "Managed-CORS-With-Preflight", Comment: "Allows all origins for CORS requests, including preflight requests", CorsConfig: preflightCors },
  "67f7725c-6f97-4210-82d7-5512b31e9d03": { Name: "Managed-SecurityHeadersPolicy", Comment: "Adds a set of security headers to every response", SecurityHeadersConfig: securityHeaders },
  "e61eb60c-9c35-4d20-a928-2b84e02af89c": { Name: "Managed-CORS-and-SecurityHeadersPolicy", Comment: "Allows all origins for simple CORS requests and adds security headers", CorsConfig: simpleCors, SecurityHeadersConfig: securityHeaders },
  "eaab4381-ed33-4a86-88ca-d9558dc6cd63": { Name: "Managed-CORS-with-preflight-and-SecurityHeadersPolicy", Comment: "Allows all origins for CORS requests, including preflight requests, and adds security headers", CorsConfig: preflightCors, SecurityHeadersConfig: securityHeaders },
};

function setOf(behavior: string, items: string[] | undefined, lower: boolean): NameSet {
  const names = (items ?? []).map((n) => (lower ? n.toLowerCase() : n));
  if (behavior === "all" || behavior === "allViewer") return { mode: "all", names: [] };
  // allViewerAndWhitelistCloudFront: every viewer header, and its list names the CloudFront headers to add (viewer-headers.ts).
  if (behavior === "allViewerAndWhitelistCloudFront") return { mode: "all", names };
  if (behavior === "whitelist") return { mode: "only", names };
  if (behavior === "allExcept") return { mode: "except", names };
  return { mode: "none", names: [] };
}

/** Configs are read once per change: the forward policy built from one is kept while it lives. */
const forwards = new WeakMap<OriginRequestPolicyConfig, ForwardPolicy>();

export function forwardPolicyFromConfig(c: OriginRequestPolicyConfig): ForwardPolicy {
  let p = forwards.get(c);
  if (!p) {
    p = {
      headers: setOf(c.HeadersConfig?.HeaderBehavior ?? "none", c.HeadersConfig?.Headers?.Items, true),
      cookies: setOf(c.CookiesConfig?.CookieBehavior ?? "none", c.CookiesConfig?.Cookies?.Items, false),
      queryStrings: setOf(c.QueryStringsConfig?.QueryStringBehavior ?? "none", c.QueryStringsConfig?.QueryStrings?.Items, false),
    };
    forwards.set(c, p);
  }
  return p;
}

export function managedOriginRequestPolicy(id: string): OriginRequestPolicyConfig | undefined {
  return Object.hasOwn(managedOriginRequestPolicies, id) ? managedOriginRequestPolicies[id] : undefined;
}

export function managedResponseHeadersPolicy(id: string): ResponseHeadersPolicyConfig | undefined {
  return Object.hasOwn(managedResponseHeadersPolicies, id) ? managedResponseHeadersPolicies[id] : undefined;
}

function put(headers: Record<string, string>, name: string, value: string | undefined, override: boolean | undefined): void {
  if (typeof value !== "string" || name === "") return;
  if (override === true || headers[name] === undefined) headers[name] = value;
}

/**
 * The response headers a policy adds to what CloudFront sends the viewer (`headers` lower-case,
 * changed in place). CORS headers are added only to requests that carry an Origin the policy allows.
 */
export function applyResponseHeaders(c: ResponseHeadersPolicyConfig, viewer: { method: string; headers: Record<string, string> }, headers: Record<string, string>): void {
  const s = c.SecurityHeadersConfig;
  if (s) {
    if (s.XSSProtection) {
      const x = s.XSSProtection;
      const value = !x.Protection ? "0" : `1${x.ModeBlock ? "; mode=block" : ""}${x.ReportUri ? `; report=${x.ReportUri}` : ""}`;
      put(headers, "x-xss-protection", value, x.Override);
    }
    if (s.FrameOptions) put(headers, "x-frame-options", s.FrameOptions.FrameOption, s.FrameOptions.Override);
    if (s.ReferrerPolicy) put(headers, "referrer-policy", s.ReferrerPolicy.ReferrerPolicy, s.ReferrerPolicy.Override);
    if (s.ContentSecurityPolicy) put(headers, "content-security-policy", s.ContentSecurityPolicy.ContentSecurityPolicy, s.ContentSecurityPolicy.Override);
    if (s.ContentTypeOptions) put(headers, "x-content-type-options", "nosniff", s.ContentTypeOptions.Override);
    if (s.StrictTransportSecurity) {
      const t = s.StrictTransportSecurity;
      put(headers, "strict-transport-security", `max-age=${t.AccessControlMaxAgeSec}${t.IncludeSubdomains ? "; includeSubDomains" : ""}${t.Preload ? "; preload" : ""}`, t.Override);
    }
  }
  for (const h of c.CustomHeadersConfig?.Items ?? []) put(headers, String(h?.Header ?? "").toLowerCase(), h?.Value, h?.Override);
  const cors = c.CorsConfig;
  const origin = viewer.headers.origin;
  if (cors && origin !== undefined) {
    const allowed = cors.AccessControlAllowOrigins?.Items ?? [];
    if (allowed.includes("*") || allowed.includes(origin)) {
      put(headers, "access-control-allow-origin", allowed.includes("*") && !cors.AccessControlAllowCredentials ? "*" : origin, cors.OriginOverride);
      if (cors.AccessControlAllowCredentials) put(headers, "access-control-allow-credentials", "true", cors.OriginOverride);
      const exposed = cors.AccessControlExposeHeaders?.Items ?? [];
      if (exposed.length > 0) put(headers, "access-control-expose-headers", exposed.join(","), cors.OriginOverride);
      if (viewer.method === "OPTIONS" && viewer.headers["access-control-request-method"] !== undefined) {
        const methods = cors.AccessControlAllowMethods?.Items ?? [];
        put(headers, "access-control-allow-methods", methods.includes("ALL") ? "GET,HEAD,PUT,POST,PATCH,DELETE,OPTIONS" : methods.join(","), cors.OriginOverride);
        const allowHeaders = cors.AccessControlAllowHeaders?.Items ?? [];
        if (allowHeaders.length > 0) put(headers, "access-control-allow-headers", allowHeaders.includes("*") ? (viewer.headers["access-control-request-headers"] ?? "*") : allowHeaders.join(","), cors.OriginOverride);
        if (cors.AccessControlMaxAgeSec !== undefined) put(headers, "access-control-max-age", String(cors.AccessControlMaxAgeSec), cors.OriginOverride);
      }
    }
  }
  for (const h of c.RemoveHeadersConfig?.Items ?? []) delete headers[String(h?.Header ?? "").toLowerCase()];
}
