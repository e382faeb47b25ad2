/** Stream ARNs (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`) and the one shard id of a stream. */
import { createHash } from "node:crypto";
import { parseArn } from "../../core/arn.js";

export interface StreamRef {
  arn: string;
  accountId: string;
  region: string;
  tableName: string;
  label: string;
}

export function parseStreamArn(arn: string): StreamRef | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "dynamodb") return undefined;
  const m = /^table\/([a-zA-Z0-9_.-]{3,255})\/stream\/(.+)$/.exec(parsed.resource);
  if (!m) return undefined;
  return { arn, accountId: parsed.accountId, region: parsed.region, tableName: m[1]!, label: m[2]! };
}

/** One shard per stream (AWS splits shards as it scales; a local table never needs to). */
export function shardIdOf(streamArn: string, label: string): string {
  const ms = Date.parse(`${label}Z`);
  const stamp = Number.isNaN(ms) ? "00000000000000" : String(ms).padStart(14, "0");
  return `shardId-${stamp}-${createHash("sha256").update(streamArn).digest("hex").slice(0, 8)}`;
}
