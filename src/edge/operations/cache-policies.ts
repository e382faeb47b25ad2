/** Cache policies: Create, Get, GetConfig, List (managed and custom), Update, Delete behind If-Match. */
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import { checkQuantities, newEtag, type DistributionConfig, type Json } from "../distribution.js";
import { originRequestPolicyKind, responseHeadersPolicyKind } from "../policy-kinds.js";
import { checkPolicyIds } from "../policy-resources.js";
import { edgeErrors } from "../errors.js";
import { managedCachePolicyConfig, managedCachePolicyIds, type CachePolicyConfig } from "../policies.js";
import { checkIfMatch, edgeOperation, fromRow, maxItemsOf, type EdgeState } from "../state.js";

interface PolicyMeta {
  id: string;
  modified: number;
  config: CachePolicyConfig;
}

const MANAGED_ETAG = "E23ZP02F085DFQ";

function view(m: PolicyMeta): Json {
  return { Id: m.id, LastModifiedTime: new Date(m.modified), CachePolicyConfig: m.config };
}

function checkPolicy(c: CachePolicyConfig): void {
  checkQuantities(c);
  const min = Number(c.MinTTL ?? 0);
  const def = Number(c.DefaultTTL ?? 86400);
  const max = Number(c.MaxTTL ?? 31536000);
  if (!(min <= def && def <= max)) throw edgeErrors.invalidArgument("The TTL values are not valid: MinTTL <= DefaultTTL <= MaxTTL.");
}

function load(ctx: RequestContext, state: EdgeState, id: string): { meta: PolicyMeta; etag: string; managed: boolean } {
  const managed = managedCachePolicyConfig(id);
  if (managed) return { meta: { id, modified: 1_600_000_000_000, config: managed }, etag: MANAGED_ETAG, managed: true };
  const row = state.sql.policy.get(ctx.accountId, "cache", id);
  if (!row) throw edgeErrors.noSuchCachePolicy();
  return { meta: JSON.parse(row.meta) as PolicyMeta, etag: row.etag, managed: false };
}

function save(ctx: RequestContext, state: EdgeState, meta: PolicyMeta): string {
  const byName = state.sql.policyByName.get(ctx.accountId, "cache", meta.config.Name);
  if ((byName && byName.id !== meta.id) || managedCachePolicyIds.some((id) => managedCachePolicyConfig(id)!.Name === meta.config.Name)) throw edgeErrors.cachePolicyExists();
  const etag = newEtag();
  state.sql.putPolicy.run(ctx.accountId, "cache", meta.id, meta.config.Name, etag, JSON.stringify(meta));
  state.forgetServed();
  return etag;
}

export const createCachePolicy = edgeOperation<{ CachePolicyConfig: CachePolicyConfig }, Json>({
  name: "CreateCachePolicy",
  handle(input, ctx, state) {
    checkPolicy(input.CachePolicyConfig);
    const meta: PolicyMeta = { id: randomUUID(), modified: ctx.clock.now(), config: input.CachePolicyConfig };
    const etag = save(ctx, state, meta);
    return { CachePolicy: view(meta), ETag: etag, Location: `https://cloudfront.amazonaws.com/2020-05-31/cache-policy/${meta.id}` };
  },
});

export const getCachePolicy = edgeOperation<{ Id: string }, Json>({
  name: "GetCachePolicy",
  handle(input, ctx, state) {
    const { meta, etag } = load(ctx, state, input.Id);
    return { CachePolicy: view(meta), ETag: etag };
  },
});

export const getCachePolicyConfig = edgeOperation<{ Id: string }, Json>({
  name: "GetCachePolicyConfig",
  handle(input, ctx, state) {
    const { meta, etag } = load(ctx, state, input.Id);
    return { CachePolicyConfig: meta.config, ETag: etag };
  },
});

export const listCachePolicies = edgeOperation<{ Type?: string; Marker?: string; MaxItems?: string }, Json>({
  name: "ListCachePolicies",
  handle(input, ctx, state) {
    const max = maxItemsOf(input.MaxItems);
    const managed = input.Type === "custom" ? [] : managedCachePolicyIds.map((id) => ({ Type: "managed", CachePolicy: view(load(ctx, state, id).meta) }));
    const custom = input.Type === "managed" ? [] : state.sql.policiesOf.all(ctx.accountId, "cache").map((r) => ({ Type: "custom", CachePolicy: view(JSON.parse(r.meta) as PolicyMeta) }));
    const all = [...managed, ...custom];
    const start = input.Marker ? all.findIndex((p) => (p.CachePolicy.Id as string) === input.Marker) + 1 : 0;
    const page = all.slice(start, start + max);
    return {
      CachePolicyList: {
        ...(start + max < all.length && page.length > 0 ? { NextMarker: page[page.length - 1]!.CachePolicy.Id } : {}),
        MaxItems: max,
        Quantity: page.length,
        ...(page.length > 0 ? { Items: page } : {}),
      },
    };
  },
});

export const updateCachePolicy = edgeOperation<{ Id: string; IfMatch?: string; CachePolicyConfig: CachePolicyConfig }, Json>({
  name: "UpdateCachePolicy",
  handle(input, ctx, state) {
    const { meta, etag, managed } = load(ctx, state, input.Id);
    if (managed) throw edgeErrors.illegalUpdate("You cannot update a managed policy.");
    checkIfMatch(input.IfMatch, etag);
    checkPolicy(input.CachePolicyConfig);
    const updated = { ...meta, modified: ctx.clock.now(), config: input.CachePolicyConfig };
    const next = save(ctx, state, updated);
    // Behaviours using it now key and keep differently: their distributions start cold.
    for (const row of state.sql.distributionsOf.all(ctx.accountId, "", 1_000_000)) {
      const d = fromRow(row).meta;
      if ([d.config.DefaultCacheBehavior, ...(d.config.CacheBehaviors?.Items ?? [])].some((b) => b.CachePolicyId === meta.id)) state.cache.dropDistribution(d.id);
    }
    return { CachePolicy: view(updated), ETag: next };
  },
});

export const deleteCachePolicy = edgeOperation<{ Id: string; IfMatch?: string }, Json>({
  name: "DeleteCachePolicy",
  handle(input, ctx, state) {
    const { meta, etag, managed } = load(ctx, state, input.Id);
    if (managed) throw edgeErrors.illegalDelete();
    checkIfMatch(input.IfMatch, etag);
    for (const row of state.sql.distributionsOf.all(ctx.accountId, "", 1_000_000)) {
      const d = fromRow(row).meta;
      if ([d.config.DefaultCacheBehavior, ...(d.config.CacheBehaviors?.Items ?? [])].some((b) => b.CachePolicyId === meta.id)) throw edgeErrors.cachePolicyInUse();
    }
    state.sql.deletePolicy.run(ctx.accountId, "cache", meta.id);
    state.forgetServed();
    return {};
  },
});

/** A distribution may name only managed policies (cache, origin-request, response-headers) and the account's own. */
export function checkCachePolicyIds(ctx: RequestContext, state: EdgeState, config: { DefaultCacheBehavior: { CachePolicyId?: string }; CacheBehaviors?: { Items?: { CachePolicyId?: string }[] } }): void {
  for (const b of [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])]) {
    if (b.CachePolicyId !== undefined && !managedCachePolicyConfig(b.CachePolicyId) && !state.sql.policy.get(ctx.accountId, "cache", b.CachePolicyId)) throw edgeErrors.noSuchCachePolicy();
  }
  checkPolicyIds(ctx, state, config as DistributionConfig, originRequestPolicyKind);
  checkPolicyIds(ctx, state, config as DistributionConfig, responseHeadersPolicyKind);
}
