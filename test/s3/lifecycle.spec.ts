import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const s3 = (): S3Client => ctx.client(S3Client);
const DAY = 86_400_000;

async function bucketWith(rules: NonNullable<ConstructorParameters<typeof PutBucketLifecycleConfigurationCommand>[0]["LifecycleConfiguration"]>["Rules"], versioned = false): Promise<string> {
  const Bucket = uniqueName("life").toLowerCase();
  await s3().send(new CreateBucketCommand({ Bucket }));
  if (versioned) await s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
  await s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: rules } }));
  return Bucket;
}

describe("lifecycle expiration on the clock", () => {
  it("names the expiry in x-amz-expiration and deletes matching objects once it has passed", async () => {
    const Bucket = await bucketWith([{ ID: "expire-logs", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 1 } }]);
    const stored = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(stored.Rules?.[0]?.ID).toBe("expire-logs");
    const put = await s3().send(new PutObjectCommand({ Bucket, Key: "logs/a.log", Body: "x" }));
    const midnight = new Date(Math.ceil((ctx.clock.now().getTime() + DAY) / DAY) * DAY).toUTCString();
    expect(put.Expiration).toBe(`expiry-date="${midnight}", rule-id="expire-logs"`);
    await s3().send(new PutObjectCommand({ Bucket, Key: "keep/b.txt", Body: "x" }));
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "logs/a.log" }))).Expiration).toBe(`expiry-date="${midnight}", rule-id="expire-logs"`);
    await ctx.clock.advance(2 * DAY + 3_600_000);
    await expectAwsError(s3().send(new HeadObjectCommand({ Bucket, Key: "logs/a.log" })), { name: "NotFound", status: 404 });
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "keep/b.txt" }))).Expiration).toBeUndefined();
  });

  it("expires noncurrent versions after NoncurrentDays and aborts incomplete multipart uploads", async () => {
    const Bucket = await bucketWith(
      [
        { ID: "old-versions", Status: "Enabled", Filter: { Prefix: "" }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
        { ID: "stale-uploads", Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      ],
      true,
    );
    await s3().send(new PutObjectCommand({ Bucket, Key: "doc", Body: "v1" }));
    const v2 = await s3().send(new PutObjectCommand({ Bucket, Key: "doc", Body: "v2" }));
    await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "big" }));
    await ctx.clock.advance(2 * DAY + 3_600_000);
    const versions = await s3().send(new ListObjectVersionsCommand({ Bucket }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([v2.VersionId]);
    const uploads = await s3().send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });
});
