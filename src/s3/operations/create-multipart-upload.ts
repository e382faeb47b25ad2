import { checkAcl } from "../acls.js";
import { randomBytes } from "node:crypto";
import { requireBucket } from "../buckets.js";
import { parseAlgorithm } from "../checksums.js";
import { s3Errors } from "../errors.js";
import { objectHeaders, storageClassOf, type MetadataInput } from "../metadata.js";
import { encryptionFor, encryptionOf } from "../encryption.js";
import { customerKey, type SseCustomerInput } from "../sse-c.js";
import { parseTaggingHeader } from "../tagging.js";
import { s3Operation } from "../wire.js";

interface Input extends MetadataInput, SseCustomerInput {
  Bucket: string;
  Key: string;
  ContentEncoding?: string;
  Tagging?: string;
  ChecksumAlgorithm?: string;
  ChecksumType?: string;
}

export const createMultipartUpload = s3Operation<Input, Record<string, unknown>>({
  name: "CreateMultipartUpload",
  wire: { headers: { "x-amz-grant-write": "GrantWrite" }, xmlRoot: "InitiateMultipartUploadResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    checkAcl(ctx, bucket.name, input);
    const sseC = customerKey(input, ctx.endpoint.startsWith("https:"));
    const encryption = encryptionFor(ctx, bucket, input, sseC !== undefined);
    const algorithm = input.ChecksumAlgorithm === undefined ? undefined : parseAlgorithm(input.ChecksumAlgorithm);
    if (input.ChecksumAlgorithm !== undefined && !algorithm) {
      throw s3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
    }
    const type = input.ChecksumType ?? (algorithm === "CRC64NVME" ? "FULL_OBJECT" : algorithm ? "COMPOSITE" : undefined);
    if (type !== undefined && type !== "FULL_OBJECT" && type !== "COMPOSITE") throw s3Errors.invalidRequest("Value for x-amz-checksum-type header is invalid.");
    if (type === "FULL_OBJECT" && algorithm && !algorithm.startsWith("CRC")) {
      throw s3Errors.invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
    }
    if (type === "COMPOSITE" && algorithm === "CRC64NVME") {
      throw s3Errors.invalidRequest("The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.");
    }
    const uploadId = randomBytes(32).toString("base64url");
    const tags = parseTaggingHeader(input.Tagging);
    ctx.s3.sql.insertUpload.run(
      uploadId,
      bucket.name,
      input.Key,
      ctx.clock.now(),
      JSON.stringify({ ...objectHeaders(input, input.ContentEncoding), ...sseC, ...encryption }),
      algorithm ?? null,
      algorithm ? type : null,
      storageClassOf(input.StorageClass),
      tags?.length ? JSON.stringify(tags) : null,
    );
    return { Bucket: bucket.name, Key: input.Key, UploadId: uploadId, ChecksumAlgorithm: algorithm, ChecksumType: algorithm ? type : undefined, ...(sseC ?? encryptionOf(encryption)) };
  },
});
