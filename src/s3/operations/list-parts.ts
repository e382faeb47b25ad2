import { checksumOutput, type StoredChecksum } from "../checksums.js";
import { s3Errors } from "../errors.js";
import { initiator, requireUpload } from "../multipart.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  Key: string;
  UploadId: string;
  MaxParts?: number;
  PartNumberMarker?: number;
}

export const listParts = s3Operation<Input, unknown>({
  name: "ListParts",
  wire: { requiredQuery: ["uploadId"], xmlRoot: "ListPartsResult" },
  handle(input, ctx) {
    const { bucket, upload } = requireUpload(ctx, input.Bucket, input.Key, input.UploadId);
    const max = input.MaxParts ?? 1000;
    if (!Number.isInteger(max) || max < 0) throw s3Errors.invalidArgument("Argument max-parts must be an integer between 0 and 2147483647", "max-parts", String(max));
    const marker = input.PartNumberMarker ?? 0;
    const all = ctx.s3.sql.parts.all(upload.upload_id).filter((p) => p.part_number > marker);
    const page = all.slice(0, Math.min(max, 1000));
    const truncated = all.length > page.length;
    return {
      Bucket: bucket.name,
      Key: upload.key,
      UploadId: upload.upload_id,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1]!.part_number : undefined,
      MaxParts: max,
      IsTruncated: truncated,
      Part: page.map((p) => ({
        PartNumber: p.part_number,
        LastModified: new Date(p.last_modified),
        ETag: p.etag,
        Size: p.size,
        ...checksumOutput(p.checksum ? (JSON.parse(p.checksum) as StoredChecksum) : undefined),
        ChecksumType: undefined,
      })),
      Initiator: initiator(bucket.account),
      Owner: initiator(bucket.account),
      StorageClass: upload.storage_class,
      ChecksumAlgorithm: upload.checksum_algorithm ?? undefined,
      ChecksumType: upload.checksum_type ?? undefined,
    };
  },
});
