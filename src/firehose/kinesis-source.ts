/**
 * KinesisStreamAsSource: once a second on the clock, every shard of the source stream is read from
 * where the delivery stream left off (LATEST when it was created; shards born later from their
 * start) and the records are buffered with their Kinesis metadata.
 */
import type { Scope } from "../core/events.js";
import { recordId } from "./buffered.js";
import { scheduleFlush } from "./flush.js";
import type { DeliveryStreamMeta } from "./model.js";
import type { FirehoseState } from "./state.js";

export const POLL_JOB = "poll";
const POLL_MS = 1000;

export async function startAtLatest(state: FirehoseState, scope: Scope, meta: DeliveryStreamMeta): Promise<boolean> {
  const reader = await state.env.ports.get("KinesisReader");
  const shards = await reader.shards(scope, meta.source!.KinesisStreamARN);
  if (!shards) return false;
  for (const s of shards) if (s.open) state.sql.putPosition.run(meta.arn, s.shardId, await reader.latest(scope, meta.source!.KinesisStreamARN, s.shardId));
  state.env.jobs.schedule(POLL_JOB, { arn: meta.arn }, { key: meta.arn, delayMs: POLL_MS });
  return true;
}

export async function pollSource(state: FirehoseState, arn: string): Promise<void> {
  const row = state.sql.streamByArn.get(arn);
  if (!row) return;
  const meta = JSON.parse(row.meta) as DeliveryStreamMeta;
  const scope: Scope = { accountId: row.account, region: row.region };
  const reader = await state.env.ports.get("KinesisReader");
  const source = meta.source!.KinesisStreamARN;
  const wasEmpty = state.sql.anyBuffered.get(arn) === undefined;
  let added = 0;
  for (const shard of (await reader.shards(scope, source)) ?? []) {
    const after = state.sql.position.get(arn, shard.shardId)?.after ?? "0";
    const records = await reader.read(scope, source, shard.shardId, after, 10_000);
    if (records.length === 0) continue;
    const now = state.env.clock.now();
    state.env.store.txn(() => {
      for (const r of records) {
        const metadata = { shardId: shard.shardId, partitionKey: r.partitionKey, approximateArrivalTimestamp: r.arrival, sequenceNumber: r.sequenceNumber, subsequenceNumber: "" };
        state.sql.buffer.run(arn, recordId(), now, r.data, JSON.stringify(metadata), null);
      }
      state.sql.putPosition.run(arn, shard.shardId, records[records.length - 1]!.sequenceNumber);
    });
    added += records.length;
  }
  if (added) scheduleFlush(state, meta, wasEmpty);
  state.env.jobs.schedule(POLL_JOB, { arn }, { key: arn, delayMs: POLL_MS });
}
