import { checkAcl } from "../acls.js";
import { requireBucket } from "../buckets.js";
import { checksumOutput, parseAlgorithm } from "../checksums.js";
import { copyBytes, resolveCopySource, type CopySourceInput } from "../copy-source.js";
import { s3Errors } from "../errors.js";
import { objectHeaders, storageClassOf, type MetadataInput } from "../metadata.js";
import { encryptionFor, encryptionOf, withoutEncryption } from "../encryption.js";
import { checkReadable } from "../restore.js";
import { checkCopySourceKey, customerKey, type CopySourceSseCustomerInput, type SseCustomerInput } from "../sse-c.js";
import { checksumOf, headersOf, modifiedNow, versioned, writeVersion } from "../objects.js";
import { parseTaggingHeader } from "../tagging.js";
import { s3Operation } from "../wire.js";

interface Input extends CopySourceInput, MetadataInput, SseCustomerInput, CopySourceSseCustomerInput {
  Bucket: string;
  Key: string;
  ContentEncoding?: string;
  MetadataDirective?: string;
  TaggingDirective?: string;
  Tagging?: string;
  ChecksumAlgorithm?: string;
}

const MAX_COPY_SIZE = 5 * 1024 * 1024 * 1024;

export const copyObject = s3Operation<Input, Record<string, unknown>>({
  name: "CopyObject",
  wire: { requiredHeaders: ["x-amz-copy-source"], headers: { "x-amz-grant-write": "GrantWrite" }, xmlRoot: "CopyObjectResult" },
  async handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    checkAcl(ctx, bucket.name, input);
    const directive = input.MetadataDirective ?? "COPY";
    if (directive !== "COPY" && directive !== "REPLACE") throw s3Errors.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
    const tagging = input.TaggingDirective ?? "COPY";
    if (tagging !== "COPY" && tagging !== "REPLACE") throw s3Errors.invalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", tagging);
    const secure = ctx.endpoint.startsWith("https:");
    const sseC = customerKey(input, secure);
    const encryption = encryptionFor(ctx, bucket, input, sseC !== undefined);
    const source = resolveCopySource(ctx, input);
    const src = source.row;
    const srcHeaders = headersOf(src);
    checkCopySourceKey(srcHeaders, input, secure);
    checkReadable(src.storage_class, srcHeaders, ctx.clock.now());
    if (src.size > MAX_COPY_SIZE) {
      throw s3Errors.invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SIZE}`);
    }
    const sameObject = source.bucket.name === bucket.name && src.key === input.Key;
    const changesEncryption = sseC !== undefined || input.ServerSideEncryption !== undefined || srcHeaders.SSECustomerKeyMD5 !== undefined;
    if (sameObject && directive === "COPY" && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined && !input.ChecksumAlgorithm && !changesEncryption) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    // The copy's encryption is the request's (or the bucket default's), never the source's.
    const { Restore: _restore, ...kept } = directive === "REPLACE" ? objectHeaders(input, input.ContentEncoding) : withoutEncryption(srcHeaders);
    const headers = { ...kept, ...sseC, ...encryption };
    const tags = tagging === "REPLACE" ? (parseTaggingHeader(input.Tagging) ?? []) : src.tags ? JSON.parse(src.tags) : [];
    const algorithm = parseAlgorithm(input.ChecksumAlgorithm) ?? checksumOf(src)?.algorithm;
    const copied = await copyBytes(ctx, src, undefined, algorithm);
    const etag = `"${copied.md5Hex}"`;
    const now = modifiedNow(ctx);
    let row;
    try {
      row = writeVersion(
        ctx,
        bucket,
        {
          key: input.Key,
          segments: copied.blobId ? `${copied.blobId}:${copied.size}` : "",
          size: copied.size,
          etag,
          last_modified: now,
          headers: JSON.stringify(headers),
          checksum: copied.checksum ? JSON.stringify(copied.checksum) : null,
          tags: tags.length ? JSON.stringify(tags) : null,
          parts: null,
          // "If the x-amz-storage-class header is not used, the copied object will be stored in the STANDARD Storage Class" (S3 API reference).
          storage_class: storageClassOf(input.StorageClass),
        },
        copied.commit,
        "ObjectCreated:Copy",
      );
    } catch (err) {
      copied.abort();
      throw err;
    }
    return {
      VersionId: versioned(bucket) ? row.version_id : undefined,
      CopySourceVersionId: versioned(source.bucket) ? src.version_id : undefined,
      ETag: etag,
      LastModified: new Date(now),
      ...(sseC ?? encryptionOf(encryption)),
      ...checksumOutput(copied.checksum),
      ChecksumType: undefined,
    };
  },
});
