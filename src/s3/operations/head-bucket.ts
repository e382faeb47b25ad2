import { requireBucket } from "../buckets.js";
import { s3Operation } from "../wire.js";

export const headBucket = s3Operation<{ Bucket: string }, { BucketRegion: string; AccessPointAlias: string }>({
  name: "HeadBucket",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    return { BucketRegion: bucket.region, AccessPointAlias: "false" };
  },
});
