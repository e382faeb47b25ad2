/**
 * Shard iterators: opaque tokens naming a position in a shard, valid five minutes from when they
 * were handed out (on the server's clock), as AWS's are.
 */
import { AwsError } from "../core/errors.js";
import { invalidArgument } from "./state.js";

export const ITERATOR_TTL_MS = 5 * 60_000;

export interface IteratorPosition {
  stream: string;
  shard: string;
  /** Records with a sequence number greater than this one come next. */
  after: string;
  issuedAt: number;
}

export function encodeIterator(p: IteratorPosition): string {
  return Buffer.from(JSON.stringify([p.stream, p.shard, p.after, p.issuedAt])).toString("base64");
}

export function decodeIterator(token: string, now: number): IteratorPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw invalidArgument("Invalid ShardIterator.");
  }
  if (!Array.isArray(parts) || parts.length !== 4 || typeof parts[0] !== "string" || typeof parts[1] !== "string" || typeof parts[2] !== "string" || typeof parts[3] !== "number") {
    throw invalidArgument("Invalid ShardIterator.");
  }
  const [stream, shard, after, issuedAt] = parts as [string, string, string, number];
  if (now - issuedAt > ITERATOR_TTL_MS) {
    throw new AwsError(
      "ExpiredIteratorException",
      `Iterator expired. The iterator was created at time ${new Date(issuedAt).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`,
    );
  }
  return { stream, shard, after, issuedAt };
}

/** The sequence number just before `seq` (AT_SEQUENCE_NUMBER reads from `seq` itself). */
export function before(seq: string): string {
  const n = BigInt(seq);
  return n === 0n ? "0" : (n - 1n).toString().padStart(seq.length, "0");
}
