import type { KinesisReader } from "../core/ports.js";
import type { ShardMeta, StreamMeta } from "./model.js";
import { isOpen, type KinesisState } from "./state.js";

/** The KinesisReader port: streams read by other services (Firehose's Kinesis source). */
export function kinesisReader(state: KinesisState): KinesisReader {
  const streamOf = (arn: string): StreamMeta | undefined => {
    const row = state.env.store.stmt<{ meta: string }>("SELECT meta FROM kinesis_streams WHERE arn = ?").get(arn);
    return row ? (JSON.parse(row.meta) as StreamMeta) : undefined;
  };
  return {
    shards(_scope, streamArn) {
      if (!streamOf(streamArn)) return Promise.resolve(undefined);
      const shards = state.sql.shards.all(streamArn).map((r) => JSON.parse(r.meta) as ShardMeta);
      return Promise.resolve(shards.map((s) => ({ shardId: s.ShardId, open: isOpen(s) })));
    },
    latest(_scope, streamArn, shardId) {
      const last = state.sql.lastRecord.get(streamArn, shardId)?.seq;
      if (last) return Promise.resolve(last);
      const shard = state.sql.shards.all(streamArn).find((r) => r.shard_id === shardId);
      return Promise.resolve(shard ? (JSON.parse(shard.meta) as ShardMeta).SequenceNumberRange.StartingSequenceNumber : "0");
    },
    read(_scope, streamArn, shardId, after, limit) {
      const meta = streamOf(streamArn);
      if (!meta) return Promise.resolve([]);
      const oldest = state.env.clock.now() - meta.retentionHours * 3_600_000;
      const rows = state.sql.recordsAfter.all(streamArn, shardId, after, oldest, limit);
      return Promise.resolve(rows.map((r) => ({ sequenceNumber: r.seq, partitionKey: r.partition_key, data: r.data, arrival: r.arrival })));
    },
  };
}
