/**
 * S3's state, built by core once per server (tests run several in one process) and handed to every
 * hook and operation: the prepared statements and the bucket cache. Operations see it as `ctx.s3`
 * (S3Ctx): the wire layer sets it on the request's context, so helpers that take the context reach
 * it with a property read instead of a lookup keyed by the store.
 */
import type { RequestContext } from "../core/context.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { BucketCache } from "./buckets.js";
import { statements, type S3Statements } from "./store.js";

export interface S3State {
  sql: S3Statements;
  buckets: BucketCache;
}

/** A request's context with S3's state. */
export type S3Ctx = RequestContext & { s3: S3State };

/** What code outside a request (sweeps, ports) passes where a context is expected. */
export interface S3Scope {
  s3: S3State;
}

export function createS3State(env: ServiceEnv): S3State {
  const sql = statements(env.store);
  return { sql, buckets: new BucketCache(env.store, sql) };
}

export const { service: s3Service, operation: s3StatefulOperation } = serviceWithState<S3State>();
