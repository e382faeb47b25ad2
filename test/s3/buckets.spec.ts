import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const name = (): string => uniqueName("bkt").toLowerCase();

describe("validation", () => {
  it("rejects invalid bucket names", async () => {
    const s3 = ctx.client(S3Client);
    for (const Bucket of ["ab", "Upper-case", "a..b", "192.168.1.1", "-dash", "xn--punycode"]) {
      await expectAwsError(s3.send(new CreateBucketCommand({ Bucket })), { name: "InvalidBucketName", status: 400, message: "The specified bucket is not valid." });
    }
  });

  it("rejects a location constraint that differs from the endpoint's region", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new CreateBucketCommand({ Bucket: name(), CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })), {
      name: "IllegalLocationConstraintException",
      status: 400,
      message: "The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
    });
  });
});

describe("errors", () => {
  it("answers BucketAlreadyOwnedByYou outside us-east-1 and 200 inside it", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = name();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const again = await s3.send(new CreateBucketCommand({ Bucket }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    const west = ctx.client(S3Client, { region: "eu-west-1" });
    const WestBucket = name();
    await west.send(new CreateBucketCommand({ Bucket: WestBucket }));
    await expectAwsError(west.send(new CreateBucketCommand({ Bucket: WestBucket })), {
      name: "BucketAlreadyOwnedByYou",
      status: 409,
      message: "Your previous request to create the named bucket succeeded and you already own it.",
    });
  });

  it("answers BucketAlreadyExists when another account owns the name", async () => {
    const Bucket = name();
    await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
    const other = ctx.client(S3Client, { credentials: { accessKeyId: "111122223333", secretAccessKey: "x" } });
    await expectAwsError(other.send(new CreateBucketCommand({ Bucket })), { name: "BucketAlreadyExists", status: 409 });
  });

  it("refuses to delete a bucket that is not empty", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = name();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "v" }));
    await expectAwsError(s3.send(new DeleteBucketCommand({ Bucket })), { name: "BucketNotEmpty", status: 409, message: "The bucket you tried to delete is not empty" });
  });

  it("answers NoSuchBucket in S3's XML shape", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = name();
    await expectAwsError(s3.send(new DeleteBucketCommand({ Bucket })), { name: "NoSuchBucket", status: 404, message: "The specified bucket does not exist" });
    await expectAwsError(s3.send(new HeadBucketCommand({ Bucket })), { name: "NotFound", status: 404 });
    const raw = await rawRequest(ctx.endpoint, { path: `/${Bucket}/key` });
    expect(raw.status).toBe(404);
    const xml = raw.body.toString();
    expect(xml).toContain("<Code>NoSuchBucket</Code>");
    expect(xml).toContain(`<BucketName>${Bucket}</BucketName>`);
    expect(xml).toContain("<RequestId>");
  });

  it("answers NotImplemented for sub-resources it does not support", async () => {
    const Bucket = name();
    await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
    const raw = await rawRequest(ctx.endpoint, { path: `/${Bucket}?inventory&id=x` });
    expect(raw.status).toBe(501);
    expect(raw.body.toString()).toContain("<Code>NotImplemented</Code>");
  });
});

describe("behaviour", () => {
  it("creates, lists, locates, heads and deletes buckets", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = name();
    const created = await s3.send(new CreateBucketCommand({ Bucket }));
    expect(created.Location).toBe(`/${Bucket}`);
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain(Bucket);
    expect(list.Owner?.ID).toBeDefined();
    expect((await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBeUndefined();
    const head = await s3.send(new HeadBucketCommand({ Bucket }));
    expect(head.BucketRegion).toBe("us-east-1");
    await s3.send(new DeleteBucketCommand({ Bucket }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain(Bucket);
  });

  it("keeps the region of a bucket created elsewhere", async () => {
    const west = ctx.client(S3Client, { region: "eu-west-1" });
    const Bucket = name();
    await west.send(new CreateBucketCommand({ Bucket }));
    expect((await west.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBe("eu-west-1");
  });

  it("serves virtual-hosted-style requests", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = name();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "dir/file.txt", Body: "vhost" }));
    const port = new URL(ctx.endpoint).port;
    const raw = await rawRequest(ctx.endpoint, { path: "/dir/file.txt", headers: { host: `${Bucket}.s3.localhost:${port}` } });
    expect(raw.status).toBe(200);
    expect(raw.body.toString()).toBe("vhost");
  });
});
