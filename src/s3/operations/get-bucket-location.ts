import { requireBucket } from "../buckets.js";
import { s3Operation } from "../wire.js";

export const getBucketLocation = s3Operation<{ Bucket: string }, unknown>({
  name: "GetBucketLocation",
  // The root element holds the region as text (empty for us-east-1): the handler writes the document.
  wire: { outputPayload: "Body", outputHeaders: { ContentType: "content-type" } },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    // The root element holds the region as text (empty for us-east-1), so it is written by hand.
    const region = bucket.region === "us-east-1" ? "" : bucket.region;
    return {
      ContentType: "application/xml",
      Body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`,
    };
  },
});
