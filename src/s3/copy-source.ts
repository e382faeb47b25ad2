/** The source side of CopyObject and UploadPartCopy: parsing, conditions and copying bytes. */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { S3Ctx } from "./state.js";
import { requireBucket } from "./buckets.js";
import { createHasher, type ChecksumAlgorithm, type StoredChecksum } from "./checksums.js";
import { s3Errors } from "./errors.js";
import { findVersion } from "./objects.js";
import type { ByteRange } from "./range.js";
import { readSegments } from "./read-object.js";
import type { BucketRow, ObjectRow } from "./store.js";

export interface CopySourceInput {
  CopySource: string;
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: string;
  CopySourceIfUnmodifiedSince?: string;
}

export interface CopySource {
  bucket: BucketRow;
  row: ObjectRow;
  /** Whether the request named a version (then x-amz-copy-source-version-id is the one named). */
  versionId?: string;
}

export function resolveCopySource(ctx: S3Ctx, input: CopySourceInput): CopySource {
  let raw = input.CopySource;
  let versionId: string | undefined;
  const q = raw.indexOf("?");
  if (q >= 0) {
    versionId = new URLSearchParams(raw.slice(q + 1)).get("versionId") ?? undefined;
    raw = raw.slice(0, q);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw s3Errors.invalidArgument("Invalid copy source encoding.", "x-amz-copy-source", input.CopySource);
  }
  if (decoded.startsWith("/")) decoded = decoded.slice(1);
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", input.CopySource);
  }
  const bucket = requireBucket(ctx, decoded.slice(0, slash));
  const row = findVersion(ctx, bucket, decoded.slice(slash + 1), versionId, "GET");
  checkCopyConditions(input, row);
  return { bucket, row, versionId };
}

function checkCopyConditions(c: CopySourceInput, row: ObjectRow): void {
  const etag = row.etag.slice(1, -1);
  const tags = (h: string): string[] => h.split(",").map((s) => s.trim().replace(/^"(.*)"$/, "$1"));
  const modified = Math.floor(row.last_modified / 1000) * 1000;
  if (c.CopySourceIfMatch !== undefined && !tags(c.CopySourceIfMatch).some((t) => t === etag || t === "*")) {
    throw s3Errors.preconditionFailed("x-amz-copy-source-If-Match");
  }
  if (c.CopySourceIfNoneMatch !== undefined && tags(c.CopySourceIfNoneMatch).some((t) => t === etag || t === "*")) {
    throw s3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
  }
  const unmodified = c.CopySourceIfUnmodifiedSince ? Date.parse(c.CopySourceIfUnmodifiedSince) : NaN;
  if (c.CopySourceIfMatch === undefined && !Number.isNaN(unmodified) && modified > unmodified) {
    throw s3Errors.preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
  }
  const since = c.CopySourceIfModifiedSince ? Date.parse(c.CopySourceIfModifiedSince) : NaN;
  if (c.CopySourceIfNoneMatch === undefined && !Number.isNaN(since) && modified <= since) {
    throw s3Errors.preconditionFailed("x-amz-copy-source-If-Modified-Since");
  }
}

export interface CopiedBytes {
  blobId?: string;
  size: number;
  md5Hex: string;
  checksum?: StoredChecksum;
  commit(): void;
  abort(): void;
}

/** Streams (a range of) the source into a new blob, hashing as it goes. */
export async function copyBytes(ctx: S3Ctx, row: ObjectRow, range: ByteRange | undefined, algorithm: ChecksumAlgorithm | undefined): Promise<CopiedBytes> {
  const md5 = createHash("md5");
  const hasher = algorithm ? createHasher(algorithm) : undefined;
  const size = range ? range.end - range.start + 1 : row.size;
  if (size === 0) {
    const checksum = hasher ? { algorithm: algorithm!, value: await hasher.digest(), type: "FULL_OBJECT" as const } : undefined;
    return { size: 0, md5Hex: md5.digest("hex"), checksum, commit: () => undefined, abort: () => undefined };
  }
  const tx = ctx.blobs.begin();
  const out = createWriteStream(tx.tempPath);
  try {
    for await (const chunk of readSegments(ctx.blobs, row, range) as AsyncIterable<Buffer>) {
      md5.update(chunk);
      hasher?.update(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
  } catch (err) {
    out.destroy();
    tx.abort();
    throw err;
  }
  out.end();
  await once(out, "close");
  const checksum = hasher ? { algorithm: algorithm!, value: await hasher.digest(), type: "FULL_OBJECT" as const } : undefined;
  return { blobId: tx.id, size, md5Hex: md5.digest("hex"), checksum, commit: tx.commit, abort: tx.abort };
}
