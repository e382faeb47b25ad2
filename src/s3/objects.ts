/**
 * Object versions: writing a new one (replacing the `null` version unless versioning is enabled),
 * deleting (delete markers on versioned buckets), and finding the one a request names.
 * Blobs of versions that are gone are released after the transaction commits.
 */
import { randomBytes } from "node:crypto";
import type { S3Ctx } from "./state.js";
import type { ReceivedBody } from "./body.js";
import type { StoredChecksum } from "./checksums.js";
import { findBucket } from "./buckets.js";
import { s3Errors } from "./errors.js";
import { publishChange } from "./notifications.js";
import { insertObject, parseSegments, type BucketRow, type NewObject, type ObjectRow } from "./store.js";

/** System and user metadata stored with a version. */
export interface ObjectHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  /** Set when the request asked for other than SSE-S3 (aws:kms, aws:kms:dsse). */
  ServerSideEncryption?: string;
  /** SSE-C: the algorithm and the key's MD5 (never the key). */
  SSECustomerAlgorithm?: string;
  SSECustomerKeyMD5?: string;
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: string;
  ObjectLockLegalHoldStatus?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
  /** RestoreObject of an archived version: when the copy is ready and until when it stays. */
  Restore?: { readyAt: number; expiresAt: number };
  Metadata?: Record<string, string>;
}

/** S3 reports modification times to the second (listings show `.000Z`), so they are stored that way. */
export function modifiedNow(ctx: { clock: { now(): number } }): number {
  return Math.floor(ctx.clock.now() / 1000) * 1000;
}

export function newVersionId(): string {
  return randomBytes(24).toString("base64url");
}

export function headersOf(row: ObjectRow): ObjectHeaders {
  return JSON.parse(row.headers) as ObjectHeaders;
}

export function checksumOf(row: { checksum: string | null }): StoredChecksum | undefined {
  return row.checksum ? (JSON.parse(row.checksum) as StoredChecksum) : undefined;
}

export function tagsOf(row: { tags: string | null }): { Key: string; Value: string }[] {
  return row.tags ? (JSON.parse(row.tags) as { Key: string; Value: string }[]) : [];
}

export function releaseBlobs(ctx: S3Ctx, rows: Pick<ObjectRow, "segments">[]): void {
  const snapshots = ctx.store.hasSnapshots();
  for (const row of rows) for (const seg of parseSegments(row.segments)) ctx.blobs.release(seg.id, snapshots);
}

/** Whether responses about this bucket's objects carry `x-amz-version-id`. */
export function versioned(bucket: BucketRow): boolean {
  return bucket.versioning !== null;
}

export type VersionInput = Omit<NewObject, "bucket" | "version_id" | "delete_marker">;

/** Commits a new current version of `key`; returns it. `commitBlobs` runs inside the transaction. */
export function writeVersion(ctx: S3Ctx, bucket: BucketRow, input: VersionInput, commitBlobs: () => void, eventName: string): ObjectRow {
  const sql = ctx.s3.sql;
  let replaced: Pick<ObjectRow, "segments">[] = [];
  const row = ctx.store.txn((): ObjectRow => {
    const versionId = bucket.versioning === "Enabled" ? newVersionId() : "null";
    const old = versionId === "null" ? sql.nullVersionRef.get(bucket.name, input.key) : undefined;
    if (old) {
      sql.deleteVersion.run(old.id);
      replaced = [old];
    }
    // A bucket that never had versioning holds only `null` versions, just deleted: nothing else is latest.
    // (Read now, not from `bucket`: versioning may have been enabled while the body was arriving.)
    if (findBucket(ctx, bucket.name)?.versioning !== null) sql.clearLatest.run(bucket.name, input.key);
    // One literal of ObjectRow's shape (spreading the input into it showed in PutObject profiles).
    const full: ObjectRow = {
      id: 0,
      bucket: bucket.name,
      key: input.key,
      version_id: versionId,
      latest: 1,
      delete_marker: 0,
      segments: input.segments,
      size: input.size,
      etag: input.etag,
      last_modified: input.last_modified,
      headers: input.headers,
      checksum: input.checksum,
      tags: input.tags,
      parts: input.parts,
      storage_class: input.storage_class,
      body: input.body ?? null,
    };
    full.id = insertObject(sql, full);
    commitBlobs();
    // Notifications are facts of the durable log: they commit with the object.
    publishChange(ctx, bucket, eventName, full);
    return full;
  });
  releaseBlobs(ctx, replaced);
  return row;
}

export interface DeleteResult {
  VersionId?: string;
  DeleteMarker?: boolean;
}

/** DeleteObject semantics for one key (and optional version). Deleting what is absent succeeds. */
export function deleteObject(ctx: S3Ctx, bucket: BucketRow, key: string, versionId: string | undefined): DeleteResult {
  const sql = ctx.s3.sql;
  const removed: ObjectRow[] = [];
  let result: DeleteResult = {};
  let marker: ObjectRow | undefined;
  const change = (): void => {
    if (versionId !== undefined) {
      const row = sql.version.get(bucket.name, key, versionId);
      if (!row) {
        if (versionId !== "null" && !/^[A-Za-z0-9_.-]{32}$/.test(versionId)) throw s3Errors.invalidVersionId();
        result = { VersionId: versionId };
        return;
      }
      sql.deleteVersion.run(row.id);
      removed.push(row);
      if (row.latest) sql.promoteNewest.run(bucket.name, key);
      result = { VersionId: versionId, DeleteMarker: row.delete_marker ? true : undefined };
      return;
    }
    if (bucket.versioning === null) {
      const row = sql.version.get(bucket.name, key, "null");
      if (row) {
        sql.deleteVersion.run(row.id);
        removed.push(row);
        sql.promoteNewest.run(bucket.name, key);
      }
      return;
    }
    const markerVersion = bucket.versioning === "Enabled" ? newVersionId() : "null";
    if (markerVersion === "null") {
      const old = sql.version.get(bucket.name, key, "null");
      if (old) {
        sql.deleteVersion.run(old.id);
        removed.push(old);
      }
    }
    sql.clearLatest.run(bucket.name, key);
    const full: NewObject = {
      bucket: bucket.name, key, version_id: markerVersion, delete_marker: 1, segments: "", size: 0, etag: "",
      last_modified: modifiedNow(ctx), headers: "{}", checksum: null, tags: null, parts: null, storage_class: "STANDARD",
    };
    marker = { ...full, id: insertObject(sql, full), latest: 1 };
    result = { VersionId: markerVersion, DeleteMarker: true };
  };
  // Notifications are facts of the durable log: they commit with the deletion.
  ctx.store.txn(() => {
    change();
    if (marker) publishChange(ctx, bucket, "ObjectRemoved:DeleteMarkerCreated", marker);
    else for (const row of removed) publishChange(ctx, bucket, "ObjectRemoved:Delete", row);
  });
  releaseBlobs(ctx, removed);
  return result;
}

/** The version a GET/HEAD names: the current one, or `versionId`. Delete markers answer as AWS does. */
export function findVersion(ctx: S3Ctx, bucket: BucketRow, key: string, versionId: string | undefined, method: string): ObjectRow {
  const sql = ctx.s3.sql;
  if (versionId === undefined) {
    const row = sql.latest.get(bucket.name, key);
    if (!row) throw s3Errors.noSuchKey(key);
    if (row.delete_marker) throw s3Errors.noSuchKey(key, { "x-amz-delete-marker": "true", "x-amz-version-id": row.version_id });
    return row;
  }
  const row = sql.version.get(bucket.name, key, versionId);
  if (!row) {
    if (versionId !== "null" && !/^[A-Za-z0-9_.-]{32}$/.test(versionId)) throw s3Errors.invalidVersionId();
    throw s3Errors.noSuchVersion(key, versionId);
  }
  if (row.delete_marker) {
    throw s3Errors.methodNotAllowed(method, "DeleteMarker", {
      "x-amz-delete-marker": "true",
      "x-amz-version-id": row.version_id,
      "last-modified": new Date(row.last_modified).toUTCString(),
      allow: "DELETE",
    });
  }
  return row;
}

export interface UploadMeta {
  headers: ObjectHeaders;
  storageClass: string;
  tags?: { Key: string; Value: string }[];
}

/**
 * Commits a received body (PutObject, POST uploads) as the new current version of `key`. `check`
 * runs first (a condition re-checked, a size range); on any failure the body's blob is released.
 */
export function commitUpload(ctx: S3Ctx, bucket: BucketRow, key: string, body: ReceivedBody, meta: UploadMeta, eventName: string, check?: () => void): ObjectRow {
  try {
    check?.();
    return writeVersion(
      ctx,
      bucket,
      {
        key,
        segments: body.blobId ? `${body.blobId}:${body.size}` : "",
        body: body.inline,
        size: body.size,
        etag: `"${body.md5Hex}"`,
        last_modified: modifiedNow(ctx),
        headers: JSON.stringify(meta.headers),
        checksum: body.checksum ? JSON.stringify(body.checksum) : null,
        tags: meta.tags?.length ? JSON.stringify(meta.tags) : null,
        parts: null,
        storage_class: meta.storageClass,
      },
      body.commit,
      eventName,
    );
  } catch (err) {
    body.abort();
    throw err;
  }
}
