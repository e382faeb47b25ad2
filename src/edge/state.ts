/** The CloudFront service's state (built by core per server) and the lookups operations share. */
import type { RequestContext } from "../core/context.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { EdgeCache } from "./cache.js";
import type { DistributionMeta } from "./distribution.js";
import { edgeErrors } from "./errors.js";
import { EdgeStatements, type DistributionRow } from "./store.js";

export interface EdgeState {
  sql: EdgeStatements;
  cache: EdgeCache;
  env: ServiceEnv;
}

export function createEdgeState(env: ServiceEnv): EdgeState {
  return { sql: new EdgeStatements(env.store), cache: new EdgeCache(env.clock), env };
}

export const { service: edgeService, operation: edgeOperation } = serviceWithState<EdgeState>();

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
