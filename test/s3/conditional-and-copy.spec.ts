import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("cond").toLowerCase();

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

describe("errors", () => {
  it("answers 412 and 304 to GET conditions", async () => {
    const s3 = ctx.client(S3Client);
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket, Key: "c", Body: "conditional" }));
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "c", IfMatch: '"0000"' })), {
      name: "PreconditionFailed",
      status: 412,
      message: "At least one of the pre-conditions you specified did not hold",
    });
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "c", IfNoneMatch: ETag })), { status: 304 });
    const later = new Date(ctx.clock.now().getTime() + 60_000);
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "c", IfModifiedSince: later })), { status: 304 });
    const earlier = new Date(ctx.clock.now().getTime() - 60_000);
    await expectAwsError(s3.send(new HeadObjectCommand({ Bucket, Key: "c", IfUnmodifiedSince: earlier })), { status: 412 });
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: "c", IfMatch: ETag, IfModifiedSince: earlier }));
    expect(await ok.Body!.transformToString()).toBe("conditional");
  });

  it("answers 416 InvalidRange past the end", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "small", Body: "abc" }));
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "small", Range: "bytes=10-20" })), {
      name: "InvalidRange",
      status: 416,
      message: "The requested range is not satisfiable",
    });
  });

  it("refuses conditional writes that do not hold", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "once", Body: "1", IfNoneMatch: "*" }));
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket, Key: "once", Body: "2", IfNoneMatch: "*" })), { name: "PreconditionFailed", status: 412 });
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket, Key: "once", Body: "3", IfMatch: '"abc"' })), { name: "PreconditionFailed", status: 412 });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "once" }));
    expect(await got.Body!.transformToString()).toBe("1");
  });

  it("refuses to copy an object onto itself without changes", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "self", Body: "s" }));
    await expectAwsError(s3.send(new CopyObjectCommand({ Bucket, Key: "self", CopySource: `${Bucket}/self` })), {
      name: "InvalidRequest",
      status: 400,
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
  });

  it("checks copy-source conditions and a missing source", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "src1", Body: "s" }));
    await expectAwsError(s3.send(new CopyObjectCommand({ Bucket, Key: "dst1", CopySource: `${Bucket}/src1`, CopySourceIfMatch: '"nope"' })), {
      name: "PreconditionFailed",
      status: 412,
    });
    await expectAwsError(s3.send(new CopyObjectCommand({ Bucket, Key: "dst1", CopySource: `${Bucket}/missing` })), { name: "NoSuchKey", status: 404 });
  });
});

describe("behaviour", () => {
  it("overrides response headers and keeps system metadata", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: "meta",
        Body: "m",
        ContentType: "text/html",
        CacheControl: "max-age=60",
        ContentDisposition: "inline",
        ContentLanguage: "en",
        StorageClass: "STANDARD_IA",
        Tagging: "a=1&b=2",
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "meta", ResponseContentType: "application/json" }));
    expect(got.ContentType).toBe("application/json");
    expect(got.CacheControl).toBe("max-age=60");
    expect(got.ContentDisposition).toBe("inline");
    expect(got.ContentLanguage).toBe("en");
    expect(got.StorageClass).toBe("STANDARD_IA");
    expect(got.TagCount).toBe(2);
    expect(got.AcceptRanges).toBe("bytes");
  });

  it("copies with metadata COPY and REPLACE", async () => {
    const s3 = ctx.client(S3Client);
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: "orig", Body: "copy me", ContentType: "text/plain", Metadata: { a: "1" } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: "copy1", CopySource: `${Bucket}/orig` }));
    expect(copied.CopyObjectResult?.ETag).toBe(put.ETag);
    const c1 = await s3.send(new HeadObjectCommand({ Bucket, Key: "copy1" }));
    expect(c1.ContentType).toBe("text/plain");
    expect(c1.Metadata).toEqual({ a: "1" });
    await s3.send(new CopyObjectCommand({ Bucket, Key: "copy2", CopySource: `${Bucket}/orig`, MetadataDirective: "REPLACE", ContentType: "text/csv", Metadata: { b: "2" } }));
    const c2 = await s3.send(new GetObjectCommand({ Bucket, Key: "copy2" }));
    expect(c2.ContentType).toBe("text/csv");
    expect(c2.Metadata).toEqual({ b: "2" });
    expect(await c2.Body!.transformToString()).toBe("copy me");
    await s3.send(new CopyObjectCommand({ Bucket, Key: "orig", CopySource: `${Bucket}/orig`, MetadataDirective: "REPLACE", Metadata: { c: "3" } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: "orig" }))).Metadata).toEqual({ c: "3" });
  });

  it("deletes many objects at once, quietly or not", async () => {
    const s3 = ctx.client(S3Client);
    for (const Key of ["del/1", "del/2", "del/3"]) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "del/1" }, { Key: "del/absent" }] } }));
    expect(out.Deleted?.map((d) => d.Key).sort()).toEqual(["del/1", "del/absent"]);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "del/2" }, { Key: "del/3" }], Quiet: true } }));
    expect(quiet.Deleted).toBeUndefined();
    expect((await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "del/" }))).KeyCount).toBe(0);
  });
});
