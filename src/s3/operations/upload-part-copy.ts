import { checksumOutput, parseAlgorithm } from "../checksums.js";
import { copyBytes, resolveCopySource, type CopySourceInput } from "../copy-source.js";
import { s3Errors } from "../errors.js";
import { modifiedNow } from "../objects.js";
import { checkPartNumber, MAX_PART_SIZE, requireUpload, savePart } from "../multipart.js";
import { s3Operation } from "../wire.js";
import { encryptionOf } from "../encryption.js";
import { headersOf, type ObjectHeaders } from "../objects.js";
import { checkReadable } from "../restore.js";
import { checkCopySourceKey, checkUploadKey, type CopySourceSseCustomerInput, type SseCustomerInput } from "../sse-c.js";

interface Input extends CopySourceInput, SseCustomerInput, CopySourceSseCustomerInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  PartNumber: number;
  CopySourceRange?: string;
}

export const uploadPartCopy = s3Operation<Input, Record<string, unknown>>({
  name: "UploadPartCopy",
  wire: { requiredQuery: ["partNumber", "uploadId"], requiredHeaders: ["x-amz-copy-source"], xmlRoot: "CopyPartResult" },
  async handle(input, ctx) {
    const partNumber = checkPartNumber(input.PartNumber);
    const { upload } = requireUpload(ctx, input.Bucket, input.Key, input.UploadId);
    const secure = ctx.endpoint.startsWith("https:");
    const uploadHeaders = JSON.parse(upload.headers) as ObjectHeaders;
    const sseC = checkUploadKey(uploadHeaders, input, secure);
    const source = resolveCopySource(ctx, input);
    const src = source.row;
    const srcHeaders = headersOf(src);
    checkCopySourceKey(srcHeaders, input, secure);
    checkReadable(src.storage_class, srcHeaders, ctx.clock.now());
    let range: { start: number; end: number } | undefined;
    if (input.CopySourceRange !== undefined) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(input.CopySourceRange);
      if (!m) {
        throw s3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", input.CopySourceRange);
      }
      range = { start: Number(m[1]), end: Number(m[2]) };
      if (range.end < range.start || range.end >= src.size) {
        throw s3Errors.invalidArgument(`Range specified is not valid for source object of size: ${src.size}`, "x-amz-copy-source-range", input.CopySourceRange);
      }
    }
    const size = range ? range.end - range.start + 1 : src.size;
    if (size > MAX_PART_SIZE) throw s3Errors.entityTooLarge(size, MAX_PART_SIZE);
    const algorithm = parseAlgorithm(upload.checksum_algorithm ?? undefined);
    const copied = await copyBytes(ctx, src, range, algorithm);
    const etag = `"${copied.md5Hex}"`;
    try {
      savePart(ctx, upload.upload_id, partNumber, { blobId: copied.blobId, size: copied.size, etag, checksum: copied.checksum, commit: copied.commit });
    } catch (err) {
      copied.abort();
      throw err;
    }
    return {
      CopySourceVersionId: source.bucket.versioning !== null ? src.version_id : undefined,
      ETag: etag,
      LastModified: new Date(modifiedNow(ctx)),
      ...(sseC ?? encryptionOf(uploadHeaders)),
      ...checksumOutput(copied.checksum),
      ChecksumType: undefined,
    };
  },
});
