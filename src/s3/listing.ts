/**
 * Walks the current versions of a bucket in key order (SQLite's binary collation is UTF-8 byte
 * order, which is S3's), rolling keys up into common prefixes at the delimiter.
 */
import type { S3Ctx } from "./state.js";
import { s3Errors } from "./errors.js";
import { type ObjectRow } from "./store.js";

export interface ListParams {
  bucket: string;
  prefix: string;
  delimiter?: string;
  /** Exclusive start (a key, or a common prefix whose keys are all skipped). */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  contents: ObjectRow[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned (the next page starts after it). */
  last?: string;
}

export function listCurrent(ctx: S3Ctx, p: ListParams): ListPage {
  const sql = ctx.s3.sql;
  const after = p.after ?? "";
  const rows = p.prefix > after ? sql.listLatestFrom.iterate(p.bucket, p.prefix) : sql.listLatest.iterate(p.bucket, after);
  const skipPrefix = p.delimiter && after.endsWith(p.delimiter) ? after : undefined;
  const page: ListPage = { contents: [], commonPrefixes: [], truncated: false };
  // max-keys=0 lists nothing and, as S3 answers it, is not truncated.
  if (p.maxKeys === 0) return page;
  let count = 0;
  for (const row of rows) {
    if (!row.key.startsWith(p.prefix)) break;
    if (skipPrefix && row.key.startsWith(skipPrefix)) continue;
    let prefix: string | undefined;
    if (p.delimiter) {
      const i = row.key.indexOf(p.delimiter, p.prefix.length);
      if (i >= 0) prefix = row.key.slice(0, i + p.delimiter.length);
    }
    if (prefix !== undefined && prefix === page.commonPrefixes[page.commonPrefixes.length - 1]) continue;
    if (count === p.maxKeys) {
      page.truncated = true;
      break;
    }
    count++;
    if (prefix !== undefined) {
      page.commonPrefixes.push(prefix);
      page.last = prefix;
    } else {
      page.contents.push(row);
      page.last = row.key;
    }
  }
  return page;
}

/** `encoding-type=url`: keys and prefixes in the listing are URL-encoded (form style). */
export function encoder(encodingType: string | undefined): (s: string | undefined) => string | undefined {
  if (encodingType === undefined) return (s) => s;
  if (encodingType !== "url") throw s3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  return (s) => (s === undefined ? undefined : encodeURIComponent(s).replace(/%2F/g, "/").replace(/%20/g, "+"));
}

/**
 * A page size (`max-keys`, `max-uploads`; an integer in AWS's model), at most 1000. S3 refuses one
 * that is not a non-negative 32-bit integer in these words (`Provided max-uploads not an integer or
 * within integer range` for 2157483647).
 */
export function pageSizeOf(value: number | undefined, name: "max-keys" | "max-uploads"): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || value < 0 || value > 2147483647) throw s3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`, name, String(value));
  return Math.min(value, 1000);
}

export function maxKeysOf(value: number | undefined): number {
  return pageSizeOf(value, "max-keys");
}

export function ownerOf(account: string): { ID: string; DisplayName: string } {
  return { ID: account, DisplayName: "local-aws" };
}

export function listEntry(row: ObjectRow, encode: (s: string | undefined) => string | undefined, owner?: { ID: string; DisplayName: string }): Record<string, unknown> {
  const checksum = row.checksum ? (JSON.parse(row.checksum) as { algorithm: string; type: string }) : undefined;
  return {
    Key: encode(row.key),
    LastModified: new Date(row.last_modified),
    ETag: row.etag,
    ChecksumAlgorithm: checksum?.algorithm,
    ChecksumType: checksum?.type,
    Size: row.size,
    Owner: owner,
    StorageClass: row.storage_class,
  };
}
