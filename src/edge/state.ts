/** The CloudFront service's state (built by core per server) and the lookups operations share. */
import type { Server } from "node:http";
import type { RequestContext } from "../core/context.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { AliasIndex, aliasesOf } from "./aliases.js";
import { EdgeCache } from "./cache.js";
import { FunctionSandbox } from "./functions/sandbox.js";
import type { CachePolicyConfig } from "./policies.js";
import type { DistributionMeta } from "./distribution.js";
import { edgeErrors } from "./errors.js";
import { declaredPorts } from "./own-ports.js";
import { EdgeStatements, type DistributionRow } from "./store.js";

export interface EdgeState {
  sql: EdgeStatements;
  cache: EdgeCache;
  aliases: AliasIndex;
  /** CloudFront Functions' worker (started on first use, closed with the server). */
  sandbox: FunctionSandbox;
  env: ServiceEnv;
  /** Parsed distributions by id and by domain, so a cache hit reads no SQLite (dropped on every save). */
  served: Map<string, LoadedRow | null>;
  /** A custom cache policy's config (the serving path's lookup, remembered until the next policy write). */
  cachePolicy(account: string, id: string): CachePolicyConfig | undefined;
  /** A custom origin-request or response-headers policy's config, remembered the same way. */
  storedPolicy<C>(account: string, kind: "origin-request" | "response-headers", id: string): C | undefined;
  /** LIVE CloudFront Functions by `<account> <name>`, so a run reads no SQLite (dropped on every function write). */
  servedFunctions: Map<string, ServedFunction | null>;
  /** Servers of the config file's own ports (own-ports.ts). */
  ownServers: Server[];
  /** CallerReference → own port, from the config file. */
  ownPorts: Map<string, number>;
  /** Forgets what the serving path remembers of functions and policies (after a write to them). */
  forgetServed(): void;
}

export interface ServedFunction {
  code: string;
  config: Record<string, unknown>;
}

export function createEdgeState(env: ServiceEnv): EdgeState {
  const sql = new EdgeStatements(env.store);
  const aliases = new AliasIndex();
  aliases.rebuild(sql.allDistributions.all().map((r) => fromRow(r).meta));
  const sandbox = new FunctionSandbox();
  loadKeyValueStores(sql, sandbox);
  const policies = new Map<string, unknown>();
  function stored<C>(account: string, kind: string, id: string): C | undefined {
    const key = `${account} ${kind} ${id}`;
    let config = policies.get(key);
    if (config === undefined) {
      const row = sql.policy.get(account, kind, id);
      config = row ? (JSON.parse(row.meta) as { config: C }).config : null;
      if (policies.size > 10_000) policies.clear();
      policies.set(key, config);
    }
    return (config ?? undefined) as C | undefined;
  }
  const servedFunctions = new Map<string, ServedFunction | null>();
  return {
    sql,
    cache: new EdgeCache(env.clock),
    aliases,
    sandbox,
    served: new Map(),
    servedFunctions,
    env,
    ownServers: [],
    ownPorts: declaredPorts(env.settings.config),
    cachePolicy(account, id) {
      return stored<CachePolicyConfig>(account, "cache", id);
    },
    storedPolicy: stored,
    forgetServed() {
      policies.clear();
      servedFunctions.clear();
    },
  };
}

/** Every KeyValueStore's keys, as the functions' worker reads them. */
function loadKeyValueStores(sql: EdgeStatements, sandbox: FunctionSandbox): void {
  sandbox.clearKeyValueStores();
  for (const row of sql.allKvs.all()) sandbox.setKeyValueStore(row.id, JSON.parse(row.data) as [string, string][]);
}

/** After a restore the distributions are others: the edge starts cold and re-reads its aliases and stores. */
export function afterEdgeRestore(state: EdgeState): void {
  state.cache.clear();
  state.served.clear();
  state.forgetServed();
  loadKeyValueStores(state.sql, state.sandbox);
  state.aliases.rebuild(state.sql.allDistributions.all().map((r) => fromRow(r).meta));
}

export const { service: edgeService, operation: edgeOperation } = serviceWithState<EdgeState>();

export interface LoadedRow {
  row: DistributionRow;
  meta: DistributionMeta;
}

/** A distribution for the serving path, by `id:<Id>` or `domain:<name>`, remembered until the next change. */
export function servedDistribution(state: EdgeState, key: string): LoadedRow | undefined {
  const known = state.served.get(key);
  if (known !== undefined) return known ?? undefined;
  const row = key.startsWith("id:") ? state.sql.distribution.get(key.slice(3)) : state.sql.byDomain.get(key.slice(7));
  const loaded = row ? { row, meta: JSON.parse(row.meta) as DistributionMeta } : null;
  if (state.served.size > 10_000) state.served.clear();
  state.served.set(key, loaded);
  return loaded ?? undefined;
}

export interface LoadedDistribution {
  meta: DistributionMeta;
  etag: string;
}

export function fromRow(row: DistributionRow): LoadedDistribution {
  return { meta: JSON.parse(row.meta) as DistributionMeta, etag: row.etag };
}

/** A distribution of the caller's account (another account's Id is as unknown as a missing one). */
export function loadDistribution(ctx: RequestContext, state: EdgeState, id: string): LoadedDistribution {
  const row = state.sql.distribution.get(id);
  if (!row || row.account !== ctx.accountId) throw edgeErrors.noSuchDistribution();
  return fromRow(row);
}

export function saveDistribution(ctx: RequestContext, state: EdgeState, meta: DistributionMeta, etag: string): void {
  state.sql.putDistribution.run(meta.id, ctx.accountId, meta.domain, etag, meta.config.CallerReference, JSON.stringify(meta));
  state.aliases.set(meta.id, aliasesOf(meta));
  state.served.clear();
}

/** Update and Delete need the current ETag in If-Match. */
export function checkIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch === undefined || ifMatch === "") throw edgeErrors.invalidIfMatch();
  if (ifMatch !== etag) throw edgeErrors.preconditionFailed();
}

/** MaxItems arrives as a string: a non-negative integer, 100 when left out. */
export function maxItemsOf(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const max = Number(raw);
  if (!/^\d{1,9}$/.test(raw.trim()) || !Number.isSafeInteger(max)) throw edgeErrors.invalidArgument("Invalid MaxItems value.");
  return max;
}
