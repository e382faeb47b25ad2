/**
 * A stream's shards over time, as the Streams documentation describes them: a shard is open for a
 * period (`dynamodbstreams.shardRolloverSeconds`, default four hours), then closes and a child
 * shard opens. A record belongs to the shard open when it was written. Shards are listed while
 * they are open or within the 24 hours of retention after they closed; a disabled stream's shards
 * are all closed, the last at its last record.
 */
import type { StreamLog } from "./reader.js";
import { shardIdOf, type StreamRef } from "./stream-arns.js";

const DAY = 86_400_000;

export interface Shard {
  index: number;
  id: string;
  parentId?: string;
  openedAt: number;
  /** Undefined while open. */
  closedAt?: number;
  startingSequenceNumber: string;
  endingSequenceNumber?: string;
}

export function streamCreatedAt(ref: StreamRef): number {
  const ms = Date.parse(`${ref.label}Z`);
  return Number.isNaN(ms) ? 0 : ms;
}

export function shardIndexAt(ref: StreamRef, at: number, periodMs: number): number {
  return Math.max(0, Math.floor((at - streamCreatedAt(ref)) / periodMs));
}

function sequenceAt(ms: number): string {
  return (BigInt(Math.max(0, ms)) * 1_000_000n).toString().padStart(21, "0");
}

/** The shards of a stream, oldest first. */
export function shardsOf(log: StreamLog, ref: StreamRef, enabled: boolean, now: number, periodMs: number): Shard[] {
  const created = streamCreatedAt(ref);
  let last: number;
  let lastRecord: { k: number; seq: string } | undefined;
  const lastRecords = new Map<number, string>();
  // The last record of each shard (for closed shards' ending sequence numbers).
  for (let after = 0, i = 0; i < 10_000; i++) {
    const { facts, position } = log.records(ref.arn, after, 1000);
    for (const f of facts) {
      const k = shardIndexAt(ref, f.payload.approximateCreationDateTime, periodMs);
      lastRecords.set(k, f.payload.sequenceNumber);
      lastRecord = { k, seq: f.payload.sequenceNumber };
    }
    if (position === after || facts.length === 0) break;
    after = position;
  }
  if (enabled) last = shardIndexAt(ref, now, periodMs);
  else last = lastRecord?.k ?? 0;
  const first = Math.max(0, Math.min(last, shardIndexAt(ref, now - DAY - periodMs, periodMs)));
  const shards: Shard[] = [];
  for (let k = first; k <= last; k++) {
    const openedAt = created + k * periodMs;
    const open = enabled && k === last;
    const closedAt = open ? undefined : Math.min(openedAt + periodMs, now);
    if (closedAt !== undefined && now - closedAt > DAY && k !== last) continue;
    shards.push({
      index: k,
      id: shardIdOf(ref.arn, k, openedAt),
      ...(k > 0 ? { parentId: shardIdOf(ref.arn, k - 1, openedAt - periodMs) } : {}),
      openedAt,
      ...(closedAt !== undefined ? { closedAt } : {}),
      startingSequenceNumber: sequenceAt(openedAt),
      ...(open ? {} : { endingSequenceNumber: lastRecords.get(k) ?? sequenceAt(openedAt) }),
    });
  }
  return shards;
}
