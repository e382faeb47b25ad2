/**
 * Shard iterators: opaque tokens naming a stream, a position in the log and when they were made.
 * They expire after 15 minutes on the clock, as AWS's do.
 */
import { AwsError } from "../../core/errors.js";

export const ITERATOR_TTL_MS = 15 * 60 * 1000;

export interface Iterator {
  streamArn: string;
  /** The shard's index in the stream (shards.ts). */
  shard: number;
  position: number;
  createdAt: number;
}

export function encodeIterator(it: Iterator): string {
  return `${it.streamArn}|1|${Buffer.from(JSON.stringify({ k: it.shard, p: it.position, t: it.createdAt })).toString("base64url")}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Java's Date.toString in UTC, as AWS's message prints times. */
function javaDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export function decodeIterator(token: unknown, now: number, errorNamespace: string): Iterator {
  const invalid = new AwsError("ValidationException", "Invalid ShardIterator", { typeName: `${errorNamespace}#ValidationException` });
  if (typeof token !== "string" || token.length === 0 || token.length > 2048) throw invalid;
  const parts = token.split("|");
  if (parts.length !== 3 || parts[1] !== "1") throw invalid;
  let body: { k?: unknown; p?: unknown; t?: unknown };
  try {
    body = JSON.parse(Buffer.from(parts[2]!, "base64url").toString("utf8")) as { k?: unknown; p?: unknown; t?: unknown };
  } catch {
    throw invalid;
  }
  if (typeof body.p !== "number" || typeof body.t !== "number" || typeof body.k !== "number") throw invalid;
  if (now - body.t > ITERATOR_TTL_MS) {
    throw new AwsError(
      "ExpiredIteratorException",
      `Iterator expired. The iterator was created at time ${javaDate(body.t)} while right now it's ${javaDate(now)} which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`,
      { typeName: `${errorNamespace}#ExpiredIteratorException` },
    );
  }
  return { streamArn: parts[0]!, shard: body.k, position: body.p, createdAt: body.t };
}
