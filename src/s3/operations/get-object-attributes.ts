import { requireBucket } from "../buckets.js";
import { checksumMember } from "../checksums.js";
import { s3Errors } from "../errors.js";
import { checksumOf, findVersion, headersOf, versioned } from "../objects.js";
import { checkCustomerKeyForRead, type SseCustomerInput } from "../sse-c.js";
import { modelEnum } from "../model-binding.js";
import { s3Operation } from "../wire.js";

interface Input extends SseCustomerInput {
  Bucket: string;
  Key: string;
  VersionId?: string;
  ObjectAttributes?: string[];
  MaxParts?: number;
  PartNumberMarker?: number;
}

const ATTRIBUTES = modelEnum("ObjectAttributes");

export const getObjectAttributes = s3Operation<Input, Record<string, unknown>>({
  name: "GetObjectAttributes",
  wire: { xmlRoot: "GetObjectAttributesResponse" },
  handle(input, ctx) {
    const wanted = new Set(input.ObjectAttributes ?? []);
    if (wanted.size === 0) throw s3Errors.invalidArgument("Empty value for x-amz-object-attributes header", "x-amz-object-attributes", "");
    for (const a of wanted) if (!ATTRIBUTES.has(a)) throw s3Errors.invalidArgument(`Invalid attribute name specified.`, "x-amz-object-attributes", a);
    const bucket = requireBucket(ctx, input.Bucket);
    const row = findVersion(ctx, bucket, input.Key, input.VersionId, "GET");
    // An object stored with SSE-C answers its attributes only with its key, as GetObject does.
    checkCustomerKeyForRead(headersOf(row), input, ctx.endpoint.startsWith("https:"));
    const checksum = checksumOf(row);
    return {
      LastModified: new Date(row.last_modified),
      VersionId: versioned(bucket) ? row.version_id : undefined,
      ETag: wanted.has("ETag") ? row.etag.slice(1, -1) : undefined,
      Checksum: wanted.has("Checksum") && checksum ? { [checksumMember(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type } : undefined,
      ObjectParts: wanted.has("ObjectParts") && row.parts ? { PartsCount: row.parts } : undefined,
      StorageClass: wanted.has("StorageClass") ? row.storage_class : undefined,
      ObjectSize: wanted.has("ObjectSize") ? row.size : undefined,
    };
  },
});
