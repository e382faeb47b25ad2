import type { KinesisReader } from "../core/ports.js";
import type { ShardMeta, StreamMeta } from "./model.js";
import { consumerByArn, streamArnOfConsumer } from "./consumers.js";
import { isOpen, type KinesisState } from "./state.js";

/**
 * The KinesisReader port: streams read by other services (Firehose's Kinesis source, Lambda event
 * source mappings). A stream consumer's ARN reads its stream (while the consumer exists).
 */
export function kinesisReader(state: KinesisState): KinesisReader {
  const streamArnOf = (arn: string): string => {
    if (streamArnOfConsumer(arn) === undefined) return arn;
    return consumerByArn(state, arn, state.env.clock.now())?.streamArn ?? "";
  };
  const streamOf = (arn: string): StreamMeta | undefined => {
    const row = state.sql.streamByArn.get(arn);
    return row ? (JSON.parse(row.meta) as StreamMeta) : undefined;
  };
  return {
    shards(_scope, arn) {
      const streamArn = streamArnOf(arn);
      if (!streamOf(streamArn)) return Promise.resolve(undefined);
      const shards = state.sql.shards.all(streamArn).map((r) => JSON.parse(r.meta) as ShardMeta);
      return Promise.resolve(shards.map((s) => ({ shardId: s.ShardId, open: isOpen(s) })));
    },
    latest(_scope, arn, shardId) {
      const streamArn = streamArnOf(arn);
      const last = state.sql.lastRecord.get(streamArn, shardId)?.seq;
      if (last) return Promise.resolve(last);
      const shard = state.sql.shards.all(streamArn).find((r) => r.shard_id === shardId);
      return Promise.resolve(shard ? (JSON.parse(shard.meta) as ShardMeta).SequenceNumberRange.StartingSequenceNumber : "0");
    },
    read(_scope, arn, shardId, after, limit) {
      const streamArn = streamArnOf(arn);
      const meta = streamOf(streamArn);
      if (!meta) return Promise.resolve([]);
      const oldest = state.env.clock.now() - meta.retentionHours * 3_600_000;
      const rows = state.sql.recordsAfterSeq(streamArn, shardId, after, oldest, limit);
      return Promise.resolve(rows.map((r) => ({ sequenceNumber: r.seq, partitionKey: r.partition_key, data: r.data, arrival: r.arrival })));
    },
  };
}
