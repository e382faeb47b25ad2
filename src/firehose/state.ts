/** The Firehose service's state, built by core per server, and the lookups its operations share. */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import type { DeliveryStreamMeta } from "./model.js";
import { FirehoseStatements } from "./store.js";

export interface FirehoseState {
  sql: FirehoseStatements;
  env: ServiceEnv;
  /**
   * Bytes buffered per delivery stream, kept up to date by PutRecord(Batch) so a put does not sum
   * the whole buffer (which made a 500-record batch cost tens of ms with 50 MB buffered); dropped
   * (and summed again from the store) after a flush, a Kinesis-source poll, a delete or a restore.
   */
  bufferedBytes: Map<string, number>;
  /** The delivery running (or queued) per delivery stream: deliveries of one stream run one at a time (flush.ts). */
  flushing: Map<string, Promise<void>>;
}

export const { service: firehoseService, operation: firehoseOperation } = serviceWithState<FirehoseState>();

export function notFound(ctx: RequestContext, name: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Firehose ${name} under account ${ctx.accountId} not found.`);
}

export function invalidArgument(message: string): AwsError {
  return new AwsError("InvalidArgumentException", message);
}

export function loadDeliveryStream(ctx: RequestContext, state: FirehoseState, name: string): DeliveryStreamMeta {
  const row = state.sql.stream.get(ctx.accountId, ctx.region, name);
  if (!row) throw notFound(ctx, name);
  return JSON.parse(row.meta) as DeliveryStreamMeta;
}

export function saveDeliveryStream(ctx: { accountId: string; region: string }, state: FirehoseState, meta: DeliveryStreamMeta): void {
  state.sql.putStream.run(meta.arn, ctx.accountId, ctx.region, meta.name, JSON.stringify(meta));
}
