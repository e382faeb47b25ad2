import { CreateBucketCommand, GetBucketVersioningCommand, GetObjectCommand, HeadBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

describe("behaviour", () => {
  it("returns to a snapshot's buckets, settings and objects, and forgets them on reset", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = uniqueName("snap").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "before" }));
    const id = await ctx.aws.snapshot();
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "after" }));
    await ctx.aws.restore(id);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: "k" }))).Body!.transformToString()).toBe("before");
    await ctx.aws.reset();
    await expectAwsError(s3.send(new HeadBucketCommand({ Bucket })), { name: "NotFound", status: 404 });
  });
});
