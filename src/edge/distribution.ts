/**
 * A distribution as stored and as answered: its config with AWS's defaults filled in, ids in
 * AWS's shapes, and the checks AWS makes on a config before accepting it.
 */
import { alphanumericId } from "../core/ids.js";
import { edgeErrors } from "./errors.js";

export type Json = Record<string, unknown>;

export interface CacheBehavior extends Json {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy?: string;
  AllowedMethods?: { Quantity: number; Items?: string[]; CachedMethods?: { Quantity: number; Items?: string[] } };
  CachePolicyId?: string;
  ForwardedValues?: { QueryString?: boolean; QueryStringCacheKeys?: { Items?: string[] }; Headers?: { Quantity: number; Items?: string[] }; Cookies?: { Forward?: string; WhitelistedNames?: { Quantity: number; Items?: string[] } } };
  MinTTL?: number;
  DefaultTTL?: number;
  MaxTTL?: number;
}

export interface Origin extends Json {
  Id: string;
  DomainName: string;
  OriginPath?: string;
}

export interface DistributionConfig extends Json {
  CallerReference: string;
  Enabled: boolean;
  DefaultRootObject?: string;
  Origins: { Quantity: number; Items?: Origin[] };
  DefaultCacheBehavior: CacheBehavior;
  CacheBehaviors?: { Quantity: number; Items?: CacheBehavior[] };
}

export interface DistributionMeta {
  id: string;
  arn: string;
  domain: string;
  lastModified: number;
  config: DistributionConfig;
  tags?: Record<string, string>;
}

export function newDistributionId(): string {
  return "E" + alphanumericId(13).toUpperCase();
}

export function newDomain(): string {
  return `d${alphanumericId(13)}.cloudfront.net`;
}

/** CloudFront's ETags look like distribution ids. */
export function newEtag(): string {
  return "E" + alphanumericId(13).toUpperCase();
}

/** Every `{Quantity, Items}` pair in the config must agree (AWS checks them all). */
export function checkQuantities(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) checkQuantities(v);
    return;
  }
  if (!value || typeof value !== "object" || value instanceof Date) return;
  const obj = value as Json;
  if ("Quantity" in obj) {
    const items = obj.Items;
    const length = Array.isArray(items) ? items.length : 0;
    if (Number(obj.Quantity) !== length) throw edgeErrors.inconsistentQuantities();
  }
  for (const v of Object.values(obj)) checkQuantities(v);
}

function behaviors(config: DistributionConfig): CacheBehavior[] {
  return [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])];
}

/** The checks after the model's: quantities, origin references, TTL order. */
export function checkConfig(config: DistributionConfig): void {
  checkQuantities(config);
  const origins = new Set((config.Origins.Items ?? []).map((o) => o.Id));
  for (const b of behaviors(config)) {
    if (!origins.has(b.TargetOriginId)) throw edgeErrors.noSuchOrigin();
    if (b.CachePolicyId === undefined) {
      const min = num(b.MinTTL, 0);
      const def = num(b.DefaultTTL, 86400);
      const max = num(b.MaxTTL, 31536000);
      if (!(min <= def && def <= max)) throw edgeErrors.invalidTtlOrder();
    }
  }
}

function num(v: unknown, fallback: number): number {
  return v === undefined || v === null ? fallback : Number(v);
}

const none = { Quantity: 0 };

/** The config with the members AWS fills in when they are left out, as GetDistributionConfig answers it. */
export function withDefaults(config: DistributionConfig): DistributionConfig {
  const fillBehavior = (b: CacheBehavior): CacheBehavior => ({
    ...b,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ViewerProtocolPolicy: b.ViewerProtocolPolicy ?? "allow-all",
    AllowedMethods: b.AllowedMethods ?? { Quantity: 2, Items: ["HEAD", "GET"], CachedMethods: { Quantity: 2, Items: ["HEAD", "GET"] } },
    SmoothStreaming: false,
    Compress: false,
    LambdaFunctionAssociations: none,
    FunctionAssociations: none,
    FieldLevelEncryptionId: "",
    ...pick(b, ["TrustedSigners", "TrustedKeyGroups", "SmoothStreaming", "Compress", "LambdaFunctionAssociations", "FunctionAssociations", "FieldLevelEncryptionId"]),
  });
  return {
    Aliases: none,
    DefaultRootObject: "",
    OriginGroups: none,
    CacheBehaviors: none,
    CustomErrorResponses: none,
    Logging: { Enabled: false, IncludeCookies: false, Bucket: "", Prefix: "" },
    PriceClass: "PriceClass_All",
    ViewerCertificate: { CloudFrontDefaultCertificate: true, SSLSupportMethod: "vip", MinimumProtocolVersion: "TLSv1", CertificateSource: "cloudfront" },
    Restrictions: { GeoRestriction: { RestrictionType: "none", Quantity: 0 } },
    WebACLId: "",
    HttpVersion: "http2",
    IsIPV6Enabled: false,
    Staging: false,
    ...config,
    DefaultCacheBehavior: fillBehavior(config.DefaultCacheBehavior),
    ...(config.CacheBehaviors ? { CacheBehaviors: { ...config.CacheBehaviors, ...(config.CacheBehaviors.Items ? { Items: config.CacheBehaviors.Items.map(fillBehavior) } : {}) } } : {}),
  };
}

function pick(obj: Json, keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** The Distribution structure of Create/Get/Update. */
export function distributionView(meta: DistributionMeta, status: "InProgress" | "Deployed"): Json {
  return {
    Id: meta.id,
    ARN: meta.arn,
    Status: status,
    LastModifiedTime: new Date(meta.lastModified),
    InProgressInvalidationBatches: 0,
    DomainName: meta.domain,
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: { Enabled: false, Quantity: 0 },
    DistributionConfig: meta.config,
  };
}

/** A ListDistributions entry. */
export function distributionSummary(meta: DistributionMeta): Json {
  const c = meta.config;
  return {
    Id: meta.id,
    ARN: meta.arn,
    Status: "Deployed",
    LastModifiedTime: new Date(meta.lastModified),
    DomainName: meta.domain,
    ...pick(c, ["Aliases", "Origins", "OriginGroups", "DefaultCacheBehavior", "CacheBehaviors", "CustomErrorResponses", "Comment", "PriceClass", "Enabled", "ViewerCertificate", "Restrictions", "WebACLId", "HttpVersion", "IsIPV6Enabled", "Staging"]),
  };
}
