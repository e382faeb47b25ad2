import { requireBucket } from "../buckets.js";
import { evaluateDelete } from "../conditions.js";
import { checkVersionDeletable } from "../object-lock.js";
import { deleteObject as deleteOne, headersOf } from "../objects.js";
import { s3Operation } from "../wire.js";

export const deleteObject = s3Operation<{ Bucket: string; Key: string; VersionId?: string; IfMatch?: string; BypassGovernanceRetention?: boolean }, Record<string, unknown>>({
  name: "DeleteObject",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    if (input.IfMatch !== undefined) evaluateDelete(input.IfMatch, ctx.s3.sql.latest.get(bucket.name, input.Key), input.Key);
    if (input.VersionId !== undefined) {
      const version = ctx.s3.sql.version.get(bucket.name, input.Key, input.VersionId);
      if (version) checkVersionDeletable(headersOf(version), ctx.clock.now(), input.BypassGovernanceRetention === true);
    }
    const result = deleteOne(ctx, bucket, input.Key, input.VersionId);
    return bucket.versioning === null && input.VersionId === undefined ? {} : { ...result };
  },
});
