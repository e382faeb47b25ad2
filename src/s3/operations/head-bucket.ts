import { requireBucket } from "../buckets.js";
import { s3Operation } from "../wire.js";

export const headBucket = s3Operation<{ Bucket: string }, { BucketRegion: string; AccessPointAlias: string }>({
  name: "HeadBucket",
  http: { method: "HEAD", path: "/{Bucket}", outputHeaders: { BucketRegion: "x-amz-bucket-region", AccessPointAlias: "x-amz-access-point-alias" } },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    return { BucketRegion: bucket.region, AccessPointAlias: "false" };
  },
});
