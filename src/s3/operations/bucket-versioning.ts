import { bucketChanged, requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { s3Operation } from "../wire.js";

export const putBucketVersioning = s3Operation<{ Bucket: string; VersioningConfiguration?: { Status?: string; MfaDelete?: string } }, Record<string, never>>({
  name: "PutBucketVersioning",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const status = input.VersioningConfiguration?.Status;
    if (status !== "Enabled" && status !== "Suspended") throw s3Errors.malformedXml();
    if (input.VersioningConfiguration?.MfaDelete === "Enabled") throw s3Errors.notImplemented("MfaDelete");
    ctx.s3.sql.setVersioning.run(status, bucket.name);
    bucketChanged(ctx, bucket.name);
    return {};
  },
});

export const getBucketVersioning = s3Operation<{ Bucket: string }, { Status?: string }>({
  name: "GetBucketVersioning",
  wire: { xmlRoot: "VersioningConfiguration" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    return { Status: bucket.versioning ?? undefined };
  },
});
