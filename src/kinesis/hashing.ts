/** Kinesis's key space: the MD5 of the partition key as a 128-bit integer picks the shard. */
import { createHash } from "node:crypto";

export const MAX_HASH = (1n << 128n) - 1n;

export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${hashHexOf(partitionKey)}`);
}

/**
 * The MD5 of the partition key as 32 lowercase hex digits: compared as text with `hexOf` of a
 * shard's bounds it orders as the numbers do (the record path needs no BigInt).
 */
export function hashHexOf(partitionKey: string): string {
  return createHash("md5").update(partitionKey, "utf8").digest("hex");
}

/** A hash key (0 to 2^128-1) as 32 lowercase hex digits. */
export function hexOf(n: bigint): string {
  return n.toString(16).padStart(32, "0");
}

/** `n` shards splitting [start, end] evenly, as CreateStream does (each `floor(size / n)` wide, the last to the end). */
export function splitRange(n: number, start = 0n, end = MAX_HASH): [bigint, bigint][] {
  const step = (end - start + 1n) / BigInt(n);
  return Array.from({ length: n }, (_, i) => [start + BigInt(i) * step, i === n - 1 ? end : start + BigInt(i + 1) * step - 1n]);
}
