/**
 * Create, Get, GetConfig, List, Update (If-Match) and Delete for a kind of named policy with
 * managed members (origin-request and response-headers policies): the same shape as cache policies.
 */
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../core/context.js";
import type { OperationDef } from "../core/service.js";
import type { AwsError } from "../core/errors.js";
import { checkQuantities, newEtag, type CacheBehavior, type DistributionConfig, type Json } from "./distribution.js";
import { edgeErrors } from "./errors.js";
import { checkIfMatch, edgeOperation, fromRow, maxItemsOf, type EdgeState } from "./state.js";

export interface PolicyKind<C extends { Name: string }> {
  /** The edge_policies kind. */
  kind: "origin-request" | "response-headers";
  /** `OriginRequestPolicy` or `ResponseHeadersPolicy`: the operations' and members' stem. */
  stem: string;
  /** The location path segment (`origin-request-policy`). */
  path: string;
  /** A behaviour's field naming a policy of this kind. */
  field: "OriginRequestPolicyId" | "ResponseHeadersPolicyId";
  managed: Record<string, C>;
  noSuch: () => AwsError;
  exists: () => AwsError;
  inUse: () => AwsError;
  check?: (c: C) => void;
}

interface PolicyMeta<C> {
  id: string;
  modified: number;
  config: C;
}

const MANAGED_ETAG = "E23ZP02F085DFQ";

function behaviorsOf(c: DistributionConfig): CacheBehavior[] {
  return [c.DefaultCacheBehavior, ...(c.CacheBehaviors?.Items ?? [])];
}

export function policyOperations<C extends { Name: string }>(k: PolicyKind<C>): OperationDef<never, never>[] {
  const configField = `${k.stem}Config`;
  const view = (m: PolicyMeta<C>): Json => ({ Id: m.id, LastModifiedTime: new Date(m.modified), [configField]: m.config });
  const managedOf = (id: string): C | undefined => (Object.hasOwn(k.managed, id) ? k.managed[id] : undefined);

  function load(ctx: RequestContext, state: EdgeState, id: string): { meta: PolicyMeta<C>; etag: string; managed: boolean } {
    const managed = managedOf(id);
    if (managed) return { meta: { id, modified: 1_600_000_000_000, config: managed }, etag: MANAGED_ETAG, managed: true };
    const row = state.sql.policy.get(ctx.accountId, k.kind, id);
    if (!row) throw k.noSuch();
    return { meta: JSON.parse(row.meta) as PolicyMeta<C>, etag: row.etag, managed: false };
  }

  function checked(raw: unknown): C {
    const c = raw as C | undefined;
    if (!c || typeof c.Name !== "string" || c.Name === "") throw edgeErrors.invalidArgument(`The ${configField} must have a Name.`);
    checkQuantities(c);
    k.check?.(c);
    return c;
  }

  function save(ctx: RequestContext, state: EdgeState, meta: PolicyMeta<C>): string {
    const byName = state.sql.policyByName.get(ctx.accountId, k.kind, meta.config.Name);
    if ((byName && byName.id !== meta.id) || Object.values(k.managed).some((m) => m.Name === meta.config.Name)) throw k.exists();
    const etag = newEtag();
    state.sql.putPolicy.run(ctx.accountId, k.kind, meta.id, meta.config.Name, etag, JSON.stringify(meta));
    state.forgetServed();
    return etag;
  }

  function usedBy(ctx: RequestContext, state: EdgeState, id: string): string[] {
    const ids: string[] = [];
    for (const row of state.sql.distributionsOf.all(ctx.accountId, "", 1_000_000)) {
      const d = fromRow(row).meta;
      if (behaviorsOf(d.config).some((b) => b[k.field] === id)) ids.push(d.id);
    }
    return ids;
  }

  type In = Record<string, unknown> & { Id: string; IfMatch?: string; Type?: string; Marker?: string; MaxItems?: string };
  const ops: OperationDef<never, never>[] = [
    edgeOperation<In, Json>({
      name: `Create${k.stem}`,
      handle(input, ctx, state) {
        const meta: PolicyMeta<C> = { id: randomUUID(), modified: ctx.clock.now(), config: checked(input[configField]) };
        const etag = save(ctx, state, meta);
        return { [k.stem]: view(meta), ETag: etag, Location: `https://cloudfront.amazonaws.com/2020-05-31/${k.path}/${meta.id}` };
      },
    }),
    edgeOperation<In, Json>({
      name: `Get${k.stem}`,
      handle(input, ctx, state) {
        const { meta, etag } = load(ctx, state, input.Id);
        return { [k.stem]: view(meta), ETag: etag };
      },
    }),
    edgeOperation<In, Json>({
      name: `Get${k.stem}Config`,
      handle(input, ctx, state) {
        const { meta, etag } = load(ctx, state, input.Id);
        return { [configField]: meta.config, ETag: etag };
      },
    }),
    edgeOperation<In, Json>({
      name: `List${k.stem === "OriginRequestPolicy" ? "OriginRequestPolicies" : "ResponseHeadersPolicies"}`,
      handle(input, ctx, state) {
        const max = maxItemsOf(input.MaxItems);
        const managed = input.Type === "custom" ? [] : Object.keys(k.managed).map((id) => ({ Type: "managed", [k.stem]: view(load(ctx, state, id).meta) }));
        const custom = input.Type === "managed" ? [] : state.sql.policiesOf.all(ctx.accountId, k.kind).map((r) => ({ Type: "custom", [k.stem]: view(JSON.parse(r.meta) as PolicyMeta<C>) }));
        const all = [...managed, ...custom];
        const idOf = (p: Json): string => (p[k.stem] as Json).Id as string;
        const start = input.Marker ? all.findIndex((p) => idOf(p) === input.Marker) + 1 : 0;
        const page = all.slice(start, start + max);
        return {
          [`${k.stem}List`]: {
            ...(start + max < all.length && page.length > 0 ? { NextMarker: idOf(page[page.length - 1]!) } : {}),
            MaxItems: max,
            Quantity: page.length,
            ...(page.length > 0 ? { Items: page } : {}),
          },
        };
      },
    }),
    edgeOperation<In, Json>({
      name: `Update${k.stem}`,
      handle(input, ctx, state) {
        const { meta, etag, managed } = load(ctx, state, input.Id);
        if (managed) throw edgeErrors.illegalUpdate("You cannot update a managed policy.");
        checkIfMatch(input.IfMatch, etag);
        const updated = { ...meta, modified: ctx.clock.now(), config: checked(input[configField]) };
        const next = save(ctx, state, updated);
        // Origin-request policies change what the origin sees: cached answers of their behaviours go.
        if (k.kind === "origin-request") for (const id of usedBy(ctx, state, meta.id)) state.cache.dropDistribution(id);
        return { [k.stem]: view(updated), ETag: next };
      },
    }),
    edgeOperation<In, Json>({
      name: `Delete${k.stem}`,
      handle(input, ctx, state) {
        const { meta, etag, managed } = load(ctx, state, input.Id);
        if (managed) throw edgeErrors.illegalDelete();
        checkIfMatch(input.IfMatch, etag);
        if (usedBy(ctx, state, meta.id).length > 0) throw k.inUse();
        state.sql.deletePolicy.run(ctx.accountId, k.kind, meta.id);
        state.forgetServed();
        return {};
      },
    }),
  ];
  return ops;
}

/** A distribution's behaviours may name only managed policies of a kind and the account's own. */
export function checkPolicyIds(ctx: RequestContext, state: EdgeState, config: DistributionConfig, k: Pick<PolicyKind<{ Name: string }>, "kind" | "field" | "managed" | "noSuch">): void {
  for (const b of behaviorsOf(config)) {
    const id = b[k.field] as string | undefined;
    if (id !== undefined && id !== "" && !Object.hasOwn(k.managed, id) && !state.sql.policy.get(ctx.accountId, k.kind, id)) throw k.noSuch();
  }
}
