import { customerKey, SSE_C_INPUT_HEADERS, SSE_C_OUTPUT_HEADERS, type SseCustomerInput } from "../sse-c.js";
import { LOCK_INPUT_HEADERS, lockForNewVersion, type LockInput } from "../object-lock.js";
import { ACL_INPUT_HEADERS, checkAcl } from "../acls.js";
import type { Readable } from "node:stream";
import { requireBucket } from "../buckets.js";
import { checkSdkAlgorithm, receiveBody, storedContentEncoding, type BodyInput } from "../body.js";
import { checksumOutput } from "../checksums.js";
import { evaluateWrite, recheckWrite } from "../conditions.js";
import { encryptionFor, encryptionOf } from "../encryption.js";
import { objectHeaders, storageClassOf, type MetadataInput } from "../metadata.js";
import { expirationHeader } from "../lifecycle.js";
import { commitUpload, versioned } from "../objects.js";
import { parseTaggingHeader } from "../tagging.js";
import { BODY_INPUT_HEADERS, CHECKSUM_OUTPUT_HEADERS, METADATA_INPUT_HEADERS, s3Operation, SSE_OUTPUT_HEADERS } from "../wire.js";

interface Input extends BodyInput, MetadataInput, LockInput, SseCustomerInput {
  Bucket: string;
  Key: string;
  Body?: Readable;
  Tagging?: string;
  IfMatch?: string;
  IfNoneMatch?: string;
}

/** 5 GB: S3's largest single PUT. */
export const MAX_PUT_SIZE = 5 * 1024 * 1024 * 1024;

export const putObject = s3Operation<Input, Record<string, unknown>>({
  name: "PutObject",
  http: {
    method: "PUT",
    path: "/{Bucket}/{Key+}",
    headers: { ...BODY_INPUT_HEADERS, ...METADATA_INPUT_HEADERS, ...ACL_INPUT_HEADERS, ...LOCK_INPUT_HEADERS, ...SSE_C_INPUT_HEADERS, "if-match": "IfMatch", "if-none-match": "IfNoneMatch" },
    prefixHeaders: { "x-amz-meta-": "Metadata" },
    payload: "Body",
    streaming: true,
    outputHeaders: { ETag: "etag", VersionId: "x-amz-version-id", Size: "x-amz-object-size", Expiration: "x-amz-expiration", ...SSE_OUTPUT_HEADERS, ...SSE_C_OUTPUT_HEADERS, ...CHECKSUM_OUTPUT_HEADERS },
  },
  async handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    checkAcl(ctx, bucket.name, input);
    const sseC = customerKey(input, ctx.endpoint.startsWith("https:"));
    const encryption = encryptionFor(ctx, bucket, input, sseC !== undefined);
    const headers = { ...objectHeaders(input, storedContentEncoding(input.ContentEncoding)), ...lockForNewVersion(ctx, bucket.name, input), ...sseC, ...encryption };
    const storageClass = storageClassOf(input.StorageClass);
    const tags = parseTaggingHeader(input.Tagging);
    const conditional = input.IfMatch !== undefined || input.IfNoneMatch !== undefined;
    if (conditional) evaluateWrite(input, ctx.s3.sql.latest.get(bucket.name, input.Key));
    if (input.ChecksumAlgorithm !== undefined) checkSdkAlgorithm(input);
    const body = await receiveBody(ctx, input, MAX_PUT_SIZE, true);
    const etag = `"${body.md5Hex}"`;
    const check = conditional ? () => recheckWrite(input, ctx.s3.sql.latest.get(bucket.name, input.Key)) : undefined;
    const row = commitUpload(ctx, bucket, input.Key, body, { headers, storageClass, tags }, "ObjectCreated:Put", check);
    return {
      ETag: etag,
      VersionId: versioned(bucket) ? row.version_id : undefined,
      Expiration: expirationHeader(ctx, bucket.name, row),
      ...(sseC ?? encryptionOf(encryption)),
      ...checksumOutput(body.checksum),
    };
  },
});
