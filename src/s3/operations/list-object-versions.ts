import { requireBucket } from "../buckets.js";
import { encoder, maxKeysOf, ownerOf } from "../listing.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  KeyMarker?: string;
  VersionIdMarker?: string;
  MaxKeys?: number;
  EncodingType?: string;
}

/** Lists every version and delete marker, newest first per key; unversioned objects have version id `null`. */
export const listObjectVersions = s3Operation<Input, unknown>({
  name: "ListObjectVersions",
  wire: { xmlRoot: "ListVersionsResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const encode = encoder(input.EncodingType);
    const maxKeys = maxKeysOf(input.MaxKeys);
    const prefix = input.Prefix ?? "";
    const keyMarker = input.KeyMarker ?? "";
    const owner = ownerOf(bucket.account);
    const versions: Record<string, unknown>[] = [];
    const markers: Record<string, unknown>[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last: { key: string; version: string } | undefined;
    // With a version-id marker, skip that key's versions up to and including the marker.
    let skippingKey = input.VersionIdMarker && keyMarker ? keyMarker : undefined;
    for (const row of ctx.s3.sql.listVersions.iterate(bucket.name, keyMarker > prefix ? keyMarker : prefix)) {
      if (!row.key.startsWith(prefix)) break;
      if (row.key === keyMarker) {
        if (skippingKey === undefined) continue;
        if (skippingKey === row.key) {
          if (row.version_id === input.VersionIdMarker) skippingKey = "";
          continue;
        }
      }
      let common: string | undefined;
      if (input.Delimiter) {
        const i = row.key.indexOf(input.Delimiter, prefix.length);
        if (i >= 0) common = row.key.slice(0, i + input.Delimiter.length);
      }
      if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
      if (versions.length + markers.length + prefixes.length === maxKeys) {
        truncated = true;
        break;
      }
      if (common !== undefined) {
        prefixes.push(common);
        last = { key: common, version: "" };
        continue;
      }
      const entry = { Key: encode(row.key), VersionId: row.version_id, IsLatest: row.latest === 1, LastModified: new Date(row.last_modified), Owner: owner };
      if (row.delete_marker) markers.push(entry);
      else versions.push({ ...entry, ETag: row.etag, Size: row.size, StorageClass: row.storage_class });
      last = { key: row.key, version: row.version_id };
    }
    return {
      Name: bucket.name,
      Prefix: encode(prefix),
      KeyMarker: encode(keyMarker),
      VersionIdMarker: input.VersionIdMarker ?? "",
      NextKeyMarker: truncated && last ? encode(last.key) : undefined,
      NextVersionIdMarker: truncated && last?.version ? last.version : undefined,
      MaxKeys: maxKeys,
      // An empty delimiter is no delimiter, and S3 leaves the element out.
      Delimiter: encode(input.Delimiter || undefined),
      EncodingType: input.EncodingType,
      IsTruncated: truncated,
      Version: versions,
      DeleteMarker: markers,
      CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});
