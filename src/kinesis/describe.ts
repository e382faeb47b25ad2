/** DescribeStream / DescribeStreamSummary shapes. */
import type { ShardMeta, StreamMeta } from "./model.js";
import { isOpen, statusOf } from "./state.js";

export function streamSummary(meta: StreamMeta, shards: ShardMeta[], now: number): Record<string, unknown> {
  return {
    StreamName: meta.name,
    StreamARN: meta.arn,
    StreamStatus: statusOf(meta, now),
    StreamModeDetails: { StreamMode: meta.mode },
    RetentionPeriodHours: meta.retentionHours,
    StreamCreationTimestamp: new Date(meta.createdAt),
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: meta.encryption?.EncryptionType ?? "NONE",
    ...(meta.encryption?.KeyId ? { KeyId: meta.encryption.KeyId } : {}),
    OpenShardCount: shards.filter(isOpen).length,
    ConsumerCount: 0,
  };
}

export function streamDescription(meta: StreamMeta, shards: ShardMeta[], now: number, limit: number, after?: string): Record<string, unknown> {
  const visible = after === undefined ? shards : shards.filter((s) => s.ShardId > after);
  const { OpenShardCount: _open, ConsumerCount: _consumers, ...summary } = streamSummary(meta, shards, now);
  return { ...summary, Shards: visible.slice(0, limit), HasMoreShards: visible.length > limit };
}
