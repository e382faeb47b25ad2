/** Bucket CORS rules: parsing the configuration and matching a request against it. */
import { asList } from "../core/protocols/xml.js";
import { s3Errors } from "./errors.js";

export interface CorsRule {
  ID?: string;
  AllowedOrigin: string[];
  AllowedMethod: string[];
  AllowedHeader: string[];
  ExposeHeader: string[];
  MaxAgeSeconds?: number;
}

const METHODS = new Set(["GET", "PUT", "HEAD", "POST", "DELETE"]);

export function parseCors(doc: unknown): CorsRule[] {
  const rules = asList<Record<string, unknown>>((doc as Record<string, unknown> | undefined)?.CORSRule);
  if (rules.length === 0 || rules.length > 100) throw s3Errors.malformedXml();
  return rules.map((r) => {
    const rule: CorsRule = {
      ID: typeof r.ID === "string" ? r.ID : undefined,
      AllowedOrigin: asList<string>(r.AllowedOrigin),
      AllowedMethod: asList<string>(r.AllowedMethod),
      AllowedHeader: asList<string>(r.AllowedHeader),
      ExposeHeader: asList<string>(r.ExposeHeader),
      MaxAgeSeconds: r.MaxAgeSeconds !== undefined ? Number(r.MaxAgeSeconds) : undefined,
    };
    if (rule.AllowedOrigin.length === 0 || rule.AllowedMethod.length === 0) throw s3Errors.malformedXml();
    for (const m of rule.AllowedMethod) {
      if (!METHODS.has(m)) throw s3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
    return rule;
  });
}

export function corsXml(rules: CorsRule[]): Record<string, unknown> {
  return {
    CORSRule: rules.map((r) => ({
      ID: r.ID,
      AllowedHeader: r.AllowedHeader,
      AllowedMethod: r.AllowedMethod,
      AllowedOrigin: r.AllowedOrigin,
      ExposeHeader: r.ExposeHeader,
      MaxAgeSeconds: r.MaxAgeSeconds,
    })),
  };
}

function wildcard(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern.toLowerCase() === value.toLowerCase();
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(value);
}

/** The first rule allowing this origin, method and request headers (S3 uses the first match). */
export function matchCors(rules: CorsRule[], origin: string, method: string, requestHeaders: string[]): CorsRule | undefined {
  return rules.find(
    (r) =>
      r.AllowedOrigin.some((o) => wildcard(o, origin)) &&
      r.AllowedMethod.includes(method) &&
      requestHeaders.every((h) => r.AllowedHeader.some((a) => wildcard(a, h))),
  );
}

/** Response headers for a matched rule. */
export function corsHeaders(rule: CorsRule, origin: string, preflight: { method: string; headers: string[] } | undefined): Record<string, string> {
  const any = rule.AllowedOrigin.includes("*");
  const headers: Record<string, string> = {
    "access-control-allow-origin": any ? "*" : origin,
    "access-control-allow-methods": rule.AllowedMethod.join(", "),
    vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  };
  if (!any) headers["access-control-allow-credentials"] = "true";
  if (rule.ExposeHeader.length) headers["access-control-expose-headers"] = rule.ExposeHeader.join(", ");
  if (preflight) {
    if (preflight.headers.length) headers["access-control-allow-headers"] = preflight.headers.join(", ");
    if (rule.MaxAgeSeconds !== undefined) headers["access-control-max-age"] = String(rule.MaxAgeSeconds);
  }
  return headers;
}
