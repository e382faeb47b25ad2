import { requireBucket } from "../buckets.js";
import { encoder, pageSizeOf } from "../listing.js";
import { initiator } from "../multipart.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  KeyMarker?: string;
  UploadIdMarker?: string;
  MaxUploads?: number;
  EncodingType?: string;
}

export const listMultipartUploads = s3Operation<Input, unknown>({
  name: "ListMultipartUploads",
  wire: { xmlRoot: "ListMultipartUploadsResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const encode = encoder(input.EncodingType);
    const max = pageSizeOf(input.MaxUploads, "max-uploads");
    const prefix = input.Prefix ?? "";
    const keyMarker = input.KeyMarker ?? "";
    const uploads: { Key: string; UploadId: string; Initiated: Date; StorageClass: string }[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    for (const u of ctx.s3.sql.uploadsOf.all(bucket.name)) {
      if (!u.key.startsWith(prefix)) continue;
      if (keyMarker && (u.key < keyMarker || (u.key === keyMarker && (!input.UploadIdMarker || u.upload_id <= input.UploadIdMarker)))) continue;
      let common: string | undefined;
      if (input.Delimiter) {
        const i = u.key.indexOf(input.Delimiter, prefix.length);
        if (i >= 0) common = u.key.slice(0, i + input.Delimiter.length);
      }
      if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
      if (uploads.length + prefixes.length === max) {
        truncated = true;
        break;
      }
      if (common !== undefined) prefixes.push(common);
      else uploads.push({ Key: u.key, UploadId: u.upload_id, Initiated: new Date(u.initiated), StorageClass: u.storage_class });
    }
    const last = uploads[uploads.length - 1];
    return {
      Bucket: bucket.name,
      KeyMarker: encode(keyMarker),
      UploadIdMarker: input.UploadIdMarker ?? "",
      NextKeyMarker: truncated && last ? encode(last.Key) : undefined,
      NextUploadIdMarker: truncated && last ? last.UploadId : undefined,
      Prefix: encode(prefix),
      Delimiter: encode(input.Delimiter),
      MaxUploads: max,
      EncodingType: input.EncodingType,
      IsTruncated: truncated,
      Upload: uploads.map((u) => ({ ...u, Key: encode(u.Key), Initiator: initiator(bucket.account), Owner: initiator(bucket.account) })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});
