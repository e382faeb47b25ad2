/** Multipart upload bookkeeping shared by the multipart operations. */
import type { S3Ctx } from "./state.js";
import { requireBucket } from "./buckets.js";
import { modifiedNow } from "./objects.js";
import { s3Errors } from "./errors.js";
import { type BucketRow, type UploadRow } from "./store.js";

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
export const MAX_PART_NUMBER = 10000;

export function requireUpload(ctx: S3Ctx, bucketName: string, key: string, uploadId: string): { bucket: BucketRow; upload: UploadRow } {
  const bucket = requireBucket(ctx, bucketName);
  const upload = ctx.s3.sql.upload.get(uploadId);
  if (!upload || upload.bucket !== bucket.name || upload.key !== key) throw s3Errors.noSuchUpload(uploadId);
  return { bucket, upload };
}

export function checkPartNumber(partNumber: number | undefined): number {
  if (partNumber === undefined || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw s3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", String(partNumber));
  }
  return partNumber;
}

/** Stores a part, releasing the blob of the part it replaces. */
export function savePart(
  ctx: S3Ctx,
  uploadId: string,
  partNumber: number,
  part: { blobId?: string; size: number; etag: string; checksum?: unknown; commit(): void },
): void {
  const sql = ctx.s3.sql;
  const old = sql.part.get(uploadId, partNumber);
  ctx.store.txn(() => {
    if (!sql.upload.get(uploadId)) throw s3Errors.noSuchUpload(uploadId);
    sql.putPart.run(uploadId, partNumber, part.blobId ?? "", part.size, part.etag, part.checksum ? JSON.stringify(part.checksum) : null, modifiedNow(ctx));
    part.commit();
  });
  if (old?.blob) ctx.blobs.release(old.blob, ctx.store.hasSnapshots());
}

export function initiator(account: string): { ID: string; DisplayName: string } {
  return { ID: account, DisplayName: "local-aws" };
}
