/**
 * `cf.updateRequestOrigin(params)` and `cf.selectRequestOriginById(id)` in a viewer-request
 * function (runtime 2.0): the origin this request goes to, built from the behaviour's own origin
 * and the parameters AWS documents (domainName, originPath, customHeaders, customOriginConfig,
 * timeouts). Anything unusable leaves the origin as it was.
 */
import type { DistributionMeta, Origin } from "../distribution.js";

interface UpdateParams {
  domainName?: unknown;
  originPath?: unknown;
  customHeaders?: unknown;
  customOriginConfig?: { port?: unknown; protocol?: unknown };
  timeouts?: { readTimeout?: unknown };
}

export function originOverride(meta: DistributionMeta, base: Origin | undefined, params: unknown, originId: string | undefined): Origin | undefined {
  const origins = meta.config.Origins.Items ?? [];
  let origin = base;
  if (originId !== undefined) origin = origins.find((o) => o.Id === originId) ?? origin;
  if (!params || typeof params !== "object") return originId !== undefined ? origin : undefined;
  const p = params as UpdateParams;
  const next: Origin = { ...(origin ?? { Id: "function-origin", DomainName: "" }) };
  if (typeof p.domainName === "string" && p.domainName !== "") next.DomainName = p.domainName;
  if (typeof p.originPath === "string") next.OriginPath = p.originPath;
  if (p.customHeaders && typeof p.customHeaders === "object") {
    const items = Object.entries(p.customHeaders as Record<string, unknown>).map(([HeaderName, v]) => ({ HeaderName, HeaderValue: String(v) }));
    next.CustomHeaders = { Quantity: items.length, Items: items };
  }
  if (p.customOriginConfig && typeof p.customOriginConfig === "object") {
    const https = p.customOriginConfig.protocol === "https";
    const port = Number(p.customOriginConfig.port ?? (https ? 443 : 80));
    next.CustomOriginConfig = { HTTPPort: port, HTTPSPort: port, OriginProtocolPolicy: https ? "https-only" : "http-only", OriginReadTimeout: Number(p.timeouts?.readTimeout ?? 30) };
    delete next.S3OriginConfig;
  }
  return next.DomainName === "" ? undefined : next;
}
