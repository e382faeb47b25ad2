import { customerKey, type SseCustomerInput } from "../sse-c.js";
import { lockForNewVersion, type LockInput } from "../object-lock.js";
import { checkAcl } from "../acls.js";
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
import { AWS_CHUNKED_HEADERS, s3Operation } from "../wire.js";

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
  wire: { headers: { ...AWS_CHUNKED_HEADERS, "x-amz-grant-write": "GrantWrite" } },
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
