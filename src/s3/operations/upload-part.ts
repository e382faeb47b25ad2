import { receiveBody, type BodyInput } from "../body.js";
import { checksumOutput, parseAlgorithm } from "../checksums.js";
import { checkPartNumber, MAX_PART_SIZE, requireUpload, savePart } from "../multipart.js";
import { encryptionOf } from "../encryption.js";
import type { ObjectHeaders } from "../objects.js";
import { checkUploadKey, type SseCustomerInput } from "../sse-c.js";
import { AWS_CHUNKED_HEADERS, s3Operation } from "../wire.js";

interface Input extends BodyInput, SseCustomerInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  PartNumber: number;
}

export const uploadPart = s3Operation<Input, Record<string, unknown>>({
  name: "UploadPart",
  wire: { requiredQuery: ["partNumber", "uploadId"], headers: { ...AWS_CHUNKED_HEADERS, "content-encoding": "ContentEncoding" }, outputHeaders: { ChecksumType: "x-amz-checksum-type" } },
  async handle(input, ctx) {
    const partNumber = checkPartNumber(input.PartNumber);
    const { upload } = requireUpload(ctx, input.Bucket, input.Key, input.UploadId);
    const uploadHeaders = JSON.parse(upload.headers) as ObjectHeaders;
    const sseC = checkUploadKey(uploadHeaders, input, ctx.endpoint.startsWith("https:"));
    // Parts of an upload created with a checksum algorithm are hashed with it even if the client did not send one.
    const body = await receiveBody(ctx, { ...input, ChecksumAlgorithm: input.ChecksumAlgorithm ?? upload.checksum_algorithm ?? undefined }, MAX_PART_SIZE);
    const etag = `"${body.md5Hex}"`;
    try {
      savePart(ctx, upload.upload_id, partNumber, { blobId: body.blobId, size: body.size, etag, checksum: body.checksum, commit: body.commit });
    } catch (err) {
      body.abort();
      throw err;
    }
    const algorithm = parseAlgorithm(upload.checksum_algorithm ?? undefined);
    const checksum = body.checksum && (!algorithm || body.checksum.algorithm === algorithm) ? body.checksum : undefined;
    return { ETag: etag, ...(sseC ?? encryptionOf(uploadHeaders)), ...checksumOutput(checksum), ChecksumType: undefined };
  },
});
