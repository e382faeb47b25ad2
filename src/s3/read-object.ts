import { checkCustomerKeyForRead, type SseCustomerInput } from "./sse-c.js";
/** GetObject and HeadObject: version lookup, conditions, range, and the response members. */
import { expirationHeader } from "./lifecycle.js";
import { checkReadable, restoreHeader } from "./restore.js";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { Readable } from "node:stream";
import type { S3Ctx } from "./state.js";
import { AwsError } from "../core/errors.js";
import { requireBucket } from "./buckets.js";
import { s3Errors } from "./errors.js";
import { checksumOutput } from "./checksums.js";
import { evaluateRead, type Conditions } from "./conditions.js";
import { checksumOf, findVersion, headersOf, tagsOf, versioned } from "./objects.js";
import { parseRange, type ByteRange } from "./range.js";
import { parseSegments, type ObjectRow } from "./store.js";
import type { BlobStore } from "../core/blobs.js";
import { SMALL_READ } from "./small-blobs.js";
import { POOLED_MIN, PooledFileBody, PooledFileStream } from "./pooled-body.js";

export interface ReadInput extends Conditions, SseCustomerInput {
  Bucket: string;
  Key: string;
  VersionId?: string;
  Range?: string;
  ChecksumMode?: string;
  PartNumber?: number;
  ResponseContentType?: string;
  ResponseContentLanguage?: string;
  ResponseExpires?: string;
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
}

/** Larger reads than the 64 KiB default: measured, a 1 MiB GET then costs a third less CPU. */
const READ_CHUNK = 512 * 1024;

function readBlob(blobs: BlobStore, id: string, range?: ByteRange): Readable {
  return createReadStream(blobs.pathOf(id), { start: range?.start, end: range?.end, highWaterMark: READ_CHUNK });
}

/** The bytes of a version (or a range of them), streamed from its blob segments or its row. */
export function readSegments(blobs: BlobStore, row: Pick<ObjectRow, "segments" | "body">, range?: ByteRange): Readable {
  if (row.body) return Readable.from([inlineBytes(row.body, range)], { objectMode: false });
  const segments = parseSegments(row.segments);
  if (segments.length === 1) return readBlob(blobs, segments[0]!.id, range);
  const start = range?.start ?? 0;
  const end = range ? range.end : segments.reduce((n, s) => n + s.size, 0) - 1;
  async function* gen(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const seg of segments) {
      const segStart = offset;
      const segEnd = offset + seg.size - 1;
      offset += seg.size;
      if (segEnd < start || segStart > end) continue;
      yield* readBlob(blobs, seg.id, { start: Math.max(start, segStart) - segStart, end: Math.min(end, segEnd) - segStart }) as AsyncIterable<Buffer>;
    }
  }
  return Readable.from(gen(), { objectMode: false });
}

function inlineBytes(body: Buffer, range: ByteRange | undefined): Buffer {
  return range ? body.subarray(range.start, range.end + 1) : body;
}

/** Small objects are read in one synchronous call and sent as a buffer (cheaper than a stream). */
function readBody(blobs: BlobStore, row: ObjectRow, range: ByteRange | undefined, length: number): Readable | Buffer {
  if (row.body) return inlineBytes(row.body, range);
  const segments = parseSegments(row.segments);
  if (segments.length !== 1) return readSegments(blobs, row, range);
  if (length > SMALL_READ) return new PooledFileStream(blobs.pathOf(segments[0]!.id), range?.start ?? 0, length);
  const path = blobs.pathOf(segments[0]!.id);
  if (length > POOLED_MIN) return new PooledFileBody(path, range?.start ?? 0, length);
  // The length is known: one read into a buffer of that size (readFileSync adds an fstat).
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(length);
    let n = 0;
    while (n < length) {
      const got = readSync(fd, buf, n, length - n, (range?.start ?? 0) + n);
      if (got === 0) break;
      n += got;
    }
    return n === length ? buf : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** `partNumber`: the bytes of one part of a multipart object (part 1 of any other object is all of it). */
function partRange(input: ReadInput, row: ObjectRow): ByteRange | undefined {
  const n = input.PartNumber!;
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw s3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", String(n));
  }
  if (input.Range !== undefined) throw s3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter");
  const segments = parseSegments(row.segments);
  if (!row.parts) {
    if (n !== 1) throw new AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", { status: 416, fields: { PartNumberRequested: n, ActualPartCount: 1 } });
    return undefined;
  }
  if (n > segments.length) {
    throw new AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", { status: 416, fields: { PartNumberRequested: n, ActualPartCount: row.parts } });
  }
  const start = segments.slice(0, n - 1).reduce((sum, seg) => sum + seg.size, 0);
  return { start, end: start + segments[n - 1]!.size - 1 };
}

export function readObject(ctx: S3Ctx, input: ReadInput, method: "GET" | "HEAD", withBody: boolean): Record<string, unknown> {
  const bucket = requireBucket(ctx, input.Bucket);
  const row = findVersion(ctx, bucket, input.Key, input.VersionId, method);
  const h = headersOf(row);
  checkCustomerKeyForRead(h, input, ctx.endpoint.startsWith("https:"));
  const now = ctx.clock.now();
  if (method === "GET") checkReadable(row.storage_class, h, now);
  const versionId = versioned(bucket) || row.version_id !== "null" ? row.version_id : undefined;
  if (evaluateRead(input, row.etag.slice(1, -1), row.last_modified) === "not-modified") {
    return { ETag: row.etag, LastModified: new Date(row.last_modified), VersionId: versionId, Status: 304 };
  }
  const range = input.PartNumber !== undefined ? partRange(input, row) : parseRange(input.Range, row.size);
  const tags = tagsOf(row);
  const length = range ? range.end - range.start + 1 : row.size;
  // One literal, no spreads: spreading into this many members showed as self time per GET in profiles.
  const out: Record<string, unknown> = {
    ETag: row.etag,
    LastModified: new Date(row.last_modified),
    VersionId: versionId,
    Status: range ? 206 : 200,
    ContentLength: length,
    ContentRange: range ? `bytes ${range.start}-${range.end}/${row.size}` : undefined,
    AcceptRanges: "bytes",
    ContentType: input.ResponseContentType ?? h.ContentType,
    ContentEncoding: input.ResponseContentEncoding ?? h.ContentEncoding,
    ContentDisposition: input.ResponseContentDisposition ?? h.ContentDisposition,
    ContentLanguage: input.ResponseContentLanguage ?? h.ContentLanguage,
    CacheControl: input.ResponseCacheControl ?? h.CacheControl,
    Expires: input.ResponseExpires ?? h.Expires,
    WebsiteRedirectLocation: h.WebsiteRedirectLocation,
    ServerSideEncryption: h.SSECustomerKeyMD5 ? undefined : (h.ServerSideEncryption ?? "AES256"),
    BucketKeyEnabled: h.BucketKeyEnabled,
    SSECustomerAlgorithm: h.SSECustomerAlgorithm,
    SSECustomerKeyMD5: h.SSECustomerKeyMD5,
    ObjectLockMode: h.ObjectLockMode,
    ObjectLockRetainUntilDate: h.ObjectLockRetainUntilDate,
    ObjectLockLegalHoldStatus: h.ObjectLockLegalHoldStatus,
    Expiration: row.latest ? expirationHeader(ctx, bucket.name, row) : undefined,
    SSEKMSKeyId: h.SSEKMSKeyId,
    Metadata: h.Metadata,
    StorageClass: row.storage_class !== "STANDARD" ? row.storage_class : undefined,
    Restore: h.Restore ? restoreHeader(h, now) : undefined,
    PartsCount: input.PartNumber !== undefined && row.parts ? row.parts : undefined,
    TagCount: tags.length > 0 && method === "GET" ? tags.length : undefined,
    Body: undefined,
  };
  // A range response carries no full-object checksum: the SDK would validate it against the part.
  if (!range && input.ChecksumMode === "ENABLED") Object.assign(out, checksumOutput(checksumOf(row)));
  if (withBody && length > 0) out.Body = readBody(ctx.blobs, row, range, length);
  return out;
}
