import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

async function newBucket(s3: S3Client): Promise<string> {
  const Bucket = uniqueName("objects").toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

describe("behaviour", () => {
  it("stores and returns an object with a default-configured client", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: "hello.txt", Body: "hello world", ContentType: "text/plain", Metadata: { Color: "blue" } }));
    expect(put.ETag).toBe(`"${createHash("md5").update("hello world").digest("hex")}"`);
    expect(put.ChecksumCRC32).toBeDefined();
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "hello.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello world");
    expect(got.ContentType).toBe("text/plain");
    expect(got.ContentLength).toBe(11);
    expect(got.Metadata).toEqual({ color: "blue" });
    expect(got.ETag).toBe(put.ETag);
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
  });

  it("decodes a streamed aws-chunked body with a trailing checksum", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    const data = Buffer.alloc(300_000, 7);
    await s3.send(new PutObjectCommand({ Bucket, Key: "stream.bin", Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "stream.bin" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it("serves ranges without the full-object checksum", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    await s3.send(new PutObjectCommand({ Bucket, Key: "r", Body: "0123456789" }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "r", Range: "bytes=2-4" }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe("bytes 2-4/10");
    expect(got.ChecksumCRC32).toBeUndefined();
    expect(await got.Body!.transformToString()).toBe("234");
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key: "r", Range: "bytes=-3" }));
    expect(await tail.Body!.transformToString()).toBe("789");
    const open = await s3.send(new GetObjectCommand({ Bucket, Key: "r", Range: "bytes=8-" }));
    expect(await open.Body!.transformToString()).toBe("89");
  });

  it("returns objects just under and over 32 KiB (kept in the row or in a blob) whole, in ranges and copied", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    for (const size of [32 * 1024, 32 * 1024 + 1]) {
      const data = Buffer.from(Array.from({ length: size }, (_, i) => i % 251));
      const Key = `sized-${size}`;
      const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: data }));
      expect(put.ETag).toBe(`"${createHash("md5").update(data).digest("hex")}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(got.ContentLength).toBe(size);
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
      const part = await s3.send(new GetObjectCommand({ Bucket, Key, Range: "bytes=1000-1999" }));
      expect(part.ContentRange).toBe(`bytes 1000-1999/${size}`);
      expect(Buffer.from(await part.Body!.transformToByteArray()).equals(data.subarray(1000, 2000))).toBe(true);
      await s3.send(new CopyObjectCommand({ Bucket, Key: `${Key}-copy`, CopySource: `${Bucket}/${Key}` }));
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: "replaced" }));
      const copy = await s3.send(new GetObjectCommand({ Bucket, Key: `${Key}-copy` }));
      expect(Buffer.from(await copy.Body!.transformToByteArray()).equals(data)).toBe(true);
      expect(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString()).toBe("replaced");
    }
  });

  it("heads and deletes an object", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    await s3.send(new PutObjectCommand({ Bucket, Key: "a/../b c", Body: "x" }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "a/../b c" }));
    expect(head.ContentLength).toBe(1);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "a/../b c" }));
    await expectAwsError(s3.send(new HeadObjectCommand({ Bucket, Key: "a/../b c" })), { name: "NotFound", status: 404 });
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "a/../b c" })), { name: "NoSuchKey", status: 404, message: "The specified key does not exist." });
  });

  it("lets other services read an object through the ObjectReader port", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await newBucket(s3);
    await s3.send(new PutObjectCommand({ Bucket, Key: "code.zip", Body: "zip bytes" }));
    const reader = await ctx.aws.server.registry.get("ObjectReader");
    const scope = { accountId: ctx.aws.accountId, region: ctx.aws.region };
    expect((await reader.getObject(scope, Bucket, "code.zip")).toString()).toBe("zip bytes");
    await expect(reader.getObject(scope, Bucket, "absent.zip")).rejects.toMatchObject({ code: "NoSuchKey" });
  });
});
