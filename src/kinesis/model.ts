/** What a stream and its shards are, as stored. */
export interface ShardMeta {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

export interface StreamMeta {
  name: string;
  arn: string;
  mode: "PROVISIONED" | "ON_DEMAND";
  createdAt: number;
  retentionHours: number;
  nextShard: number;
  tags: Record<string, string>;
  encryption?: { EncryptionType: string; KeyId?: string };
  maxRecordSizeKiB: number;
  /** ACTIVE from this time on (CREATING/UPDATING before it: `kinesis.statusDelayMs`). */
  readyAt: number;
  pending?: "CREATING" | "UPDATING";
  status: "ACTIVE" | "DELETING";
}

export function shardIdOf(n: number): string {
  return `shardId-${String(n).padStart(12, "0")}`;
}
