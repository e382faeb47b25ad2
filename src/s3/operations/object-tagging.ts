import { requireBucket } from "../buckets.js";
import { findVersion, tagsOf, versioned } from "../objects.js";
import { s3Operation } from "../wire.js";
import { parseTagSet } from "./bucket-tagging.js";

interface Input {
  Bucket: string;
  Key: string;
  VersionId?: string;
  Tagging?: unknown;
}

export const putObjectTagging = s3Operation<Input, { VersionId?: string }>({
  name: "PutObjectTagging",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const tags = parseTagSet(input.Tagging, 10);
    const row = findVersion(ctx, bucket, input.Key, input.VersionId, "PUT");
    ctx.s3.sql.setTags.run(tags.length ? JSON.stringify(tags) : null, row.id);
    return { VersionId: versioned(bucket) ? row.version_id : undefined };
  },
});

export const getObjectTagging = s3Operation<Input, Record<string, unknown>>({
  name: "GetObjectTagging",
  wire: { xmlRoot: "Tagging" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const row = findVersion(ctx, bucket, input.Key, input.VersionId, "GET");
    return { VersionId: versioned(bucket) ? row.version_id : undefined, TagSet: { Tag: tagsOf(row) } };
  },
});

export const deleteObjectTagging = s3Operation<Input, { VersionId?: string }>({
  name: "DeleteObjectTagging",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const row = findVersion(ctx, bucket, input.Key, input.VersionId, "DELETE");
    ctx.s3.sql.setTags.run(null, row.id);
    return { VersionId: versioned(bucket) ? row.version_id : undefined };
  },
});
