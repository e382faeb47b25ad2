/** Kinesis's key space: the MD5 of the partition key as a 128-bit integer picks the shard. */
import { createHash } from "node:crypto";

export const MAX_HASH = (1n << 128n) - 1n;

export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
}

/** `n` shards splitting [start, end] evenly, as CreateStream does (each `floor(size / n)` wide, the last to the end). */
export function splitRange(n: number, start = 0n, end = MAX_HASH): [bigint, bigint][] {
  const step = (end - start + 1n) / BigInt(n);
  return Array.from({ length: n }, (_, i) => [start + BigInt(i) * step, i === n - 1 ? end : start + BigInt(i + 1) * step - 1n]);
}
