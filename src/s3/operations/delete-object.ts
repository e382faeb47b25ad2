import { requireBucket } from "../buckets.js";
import { deleteObject as deleteOne } from "../objects.js";
import { s3Operation } from "../wire.js";

export const deleteObject = s3Operation<{ Bucket: string; Key: string; VersionId?: string }, Record<string, unknown>>({
  name: "DeleteObject",
  http: {
    method: "DELETE",
    path: "/{Bucket}/{Key+}",
    query: { versionId: "VersionId" },
    status: 204,
    outputHeaders: { VersionId: "x-amz-version-id", DeleteMarker: "x-amz-delete-marker" },
  },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const result = deleteOne(ctx, bucket, input.Key, input.VersionId);
    return bucket.versioning === null && input.VersionId === undefined ? {} : { ...result };
  },
});
