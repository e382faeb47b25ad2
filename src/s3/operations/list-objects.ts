import { requireBucket } from "../buckets.js";
import { encoder, listCurrent, listEntry, maxKeysOf, ownerOf } from "../listing.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  Marker?: string;
  EncodingType?: string;
}

export const listObjects = s3Operation<Input, unknown>({
  name: "ListObjects",
  wire: { xmlRoot: "ListBucketResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const encode = encoder(input.EncodingType);
    const maxKeys = maxKeysOf(input.MaxKeys);
    const prefix = input.Prefix ?? "";
    const page = listCurrent(ctx, { bucket: bucket.name, prefix, delimiter: input.Delimiter || undefined, after: input.Marker, maxKeys });
    const owner = ownerOf(bucket.account);
    return {
      Name: bucket.name,
      Prefix: encode(prefix),
      Marker: encode(input.Marker ?? ""),
      // S3 sends NextMarker only when a delimiter is given; clients otherwise page from the last key.
      NextMarker: page.truncated && input.Delimiter ? encode(page.last) : undefined,
      MaxKeys: maxKeys,
      // An empty delimiter is no delimiter, and S3 leaves the element out.
      Delimiter: encode(input.Delimiter || undefined),
      EncodingType: input.EncodingType,
      IsTruncated: page.truncated,
      Contents: page.contents.map((row) => listEntry(row, encode, owner)),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});
