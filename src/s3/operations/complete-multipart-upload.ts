import { createHash } from "node:crypto";
import { asList } from "../../core/protocols/xml.js";
import { CHECKSUM_ALGORITHMS, checksumOutput, compositeOf, createHasher, isValidChecksumValue, parseAlgorithm, type StoredChecksum } from "../checksums.js";
import { evaluateWrite } from "../conditions.js";
import { s3Errors } from "../errors.js";
import { MIN_PART_SIZE, requireUpload } from "../multipart.js";
import { modifiedNow, versioned, writeVersion } from "../objects.js";
import { readSegments } from "../read-object.js";
import { formatSegments, type PartRow } from "../store.js";
import { s3Operation } from "../wire.js";
import { encryptionOf } from "../encryption.js";
import type { ObjectHeaders } from "../objects.js";
import { checkUploadKey, type SseCustomerInput } from "../sse-c.js";

const RETRY_WINDOW_MS = 3_600_000;

type RequestedPart = { PartNumber?: string; ETag?: string } & Record<string, string | undefined>;

interface Input extends SseCustomerInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  CompleteMultipartUpload?: { Part?: unknown };
  IfMatch?: string;
  IfNoneMatch?: string;
  [checksum: string]: unknown;
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"(.*)"$/, "$1");
}

export const completeMultipartUpload = s3Operation<Input, Record<string, unknown>>({
  name: "CompleteMultipartUpload",
  wire: { requiredQuery: ["uploadId"], headers: { "x-amz-sdk-checksum-algorithm": "ChecksumAlgorithm" }, xmlRoot: "CompleteMultipartUploadResult" },
  async handle(input, ctx) {
    const sql = ctx.s3.sql;
    const done = sql.completedUpload.get(input.UploadId);
    if (done && done.bucket === input.Bucket && done.key === input.Key && done.completed > ctx.clock.now() - RETRY_WINDOW_MS) {
      return JSON.parse(done.result) as Record<string, unknown>;
    }
    const { bucket, upload } = requireUpload(ctx, input.Bucket, input.Key, input.UploadId);
    const uploadHeaders = JSON.parse(upload.headers) as ObjectHeaders;
    // The key is needed here only for uploads with a checksum (as S3 documents); one given must match.
    checkUploadKey(uploadHeaders, input, ctx.endpoint.startsWith("https:"), false);
    const requested = asList<RequestedPart>(input.CompleteMultipartUpload?.Part);
    if (requested.length === 0) throw s3Errors.malformedXml();
    const stored = new Map(sql.parts.all(upload.upload_id).map((p) => [p.part_number, p]));
    const used: PartRow[] = [];
    let previous = 0;
    for (const r of requested) {
      const n = Number(r.PartNumber);
      if (!Number.isInteger(n)) throw s3Errors.malformedXml();
      if (n <= previous) throw s3Errors.invalidPartOrder(upload.upload_id);
      previous = n;
      const part = stored.get(n);
      if (!part || unquote(part.etag) !== unquote(r.ETag ?? "")) throw s3Errors.invalidPart(n, r.ETag ?? "", upload.upload_id);
      used.push(part);
    }
    used.forEach((p, i) => {
      if (i < used.length - 1 && p.size < MIN_PART_SIZE) throw s3Errors.entityTooSmall(p.size, MIN_PART_SIZE);
    });
    evaluateWrite(input as { IfMatch?: string; IfNoneMatch?: string }, sql.latest.get(bucket.name, input.Key));
    const md5 = createHash("md5");
    for (const p of used) md5.update(Buffer.from(unquote(p.etag), "hex"));
    const etag = `"${md5.digest("hex")}-${used.length}"`;
    const size = used.reduce((n, p) => n + p.size, 0);
    const algorithm = parseAlgorithm(upload.checksum_algorithm ?? undefined);
    let checksum: StoredChecksum | undefined;
    if (algorithm && upload.checksum_type === "COMPOSITE") {
      const values = used.map((p) => (p.checksum ? (JSON.parse(p.checksum) as StoredChecksum).value : ""));
      if (values.every((v) => v)) checksum = { algorithm, value: await compositeOf(algorithm, values), type: "COMPOSITE" };
      // A composite checksum the client states must be the one the parts make (`<digest>-<parts>`).
      const given = input[`Checksum${algorithm}`];
      if (typeof given === "string" && given !== checksum?.value) throw s3Errors.badChecksum(algorithm);
    } else if (algorithm) {
      const given = CHECKSUM_ALGORITHMS.map((a) => input[`Checksum${a}`]).find((v): v is string => typeof v === "string");
      if (given !== undefined && isValidChecksumValue(algorithm, given)) {
        checksum = { algorithm, value: given, type: "FULL_OBJECT" };
      } else {
        // A full-object CRC is not derivable from the parts' digests without CRC arithmetic: one pass over the bytes.
        const hasher = createHasher(algorithm);
        const segments = formatSegments(used.filter((p) => p.blob).map((p) => ({ id: p.blob, size: p.size })));
        for await (const chunk of readSegments(ctx.blobs, { segments }) as AsyncIterable<Buffer>) hasher.update(chunk);
        checksum = { algorithm, value: await hasher.digest(), type: "FULL_OBJECT" };
      }
    }
    const usedBlobs = new Set(used.map((p) => p.blob));
    const unused = [...stored.values()].filter((p) => !usedBlobs.has(p.blob) && p.blob);
    const row = writeVersion(
      ctx,
      bucket,
      {
        key: input.Key,
        segments: formatSegments(used.filter((p) => p.blob).map((p) => ({ id: p.blob, size: p.size }))),
        size,
        etag,
        last_modified: modifiedNow(ctx),
        headers: upload.headers,
        checksum: checksum ? JSON.stringify(checksum) : null,
        tags: upload.tags,
        parts: used.length,
        storage_class: upload.storage_class,
      },
      () => {
        sql.deleteParts.run(upload.upload_id);
        sql.deleteUpload.run(upload.upload_id);
      },
      "ObjectCreated:CompleteMultipartUpload",
    );
    for (const p of unused) ctx.blobs.release(p.blob, ctx.store.hasSnapshots());
    const result = {
      VersionId: versioned(bucket) ? row.version_id : undefined,
      Location: `${ctx.endpoint}/${bucket.name}/${encodeURIComponent(input.Key).replace(/%2F/g, "/")}`,
      Bucket: bucket.name,
      Key: input.Key,
      ETag: etag,
      ...encryptionOf(uploadHeaders),
      ...checksumOutput(checksum),
    };
    const now = ctx.clock.now();
    ctx.store.txn(() => {
      sql.purgeCompletedUploads.run(now - RETRY_WINDOW_MS);
      sql.putCompletedUpload.run(upload.upload_id, bucket.name, input.Key, JSON.stringify(result), now);
    });
    return result;
  },
});

