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

/** The id of a stream's shard `index`, which opened at `openedAt` (AWS's `shardId-<digits>-<hex>` shape). */
export function shardIdOf(streamArn: string, index: number, openedAt: number): string {
  return `shardId-${String(Math.max(0, openedAt)).padStart(14, "0")}-${createHash("sha256").update(`${streamArn}#${index}`).digest("hex").slice(0, 8)}`;
}
