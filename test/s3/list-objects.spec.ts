import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("list").toLowerCase();
const keys = ["a.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "d e+f.txt", "z/9.txt", "é.txt"];

beforeAll(async () => {
  const s3 = ctx.client(S3Client);
  await s3.send(new CreateBucketCommand({ Bucket }));
  for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
});

describe("validation", () => {
  it("rejects an unknown encoding type", async () => {
    await expectAwsError(ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, EncodingType: "base64" as "url" })), {
      name: "InvalidArgument",
      status: 400,
      message: "Invalid Encoding Method specified in Request",
    });
  });
});

describe("errors", () => {
  it("answers NoSuchBucket for a missing bucket", async () => {
    await expectAwsError(ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket: "no-such-bucket-here" })), { name: "NoSuchBucket", status: 404 });
  });
});

describe("behaviour", () => {
  it("lists every key in UTF-8 byte order with sizes and ETags", async () => {
    const out = await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(out.KeyCount).toBe(keys.length);
    expect(out.Contents?.[0]).toMatchObject({ Size: 5, StorageClass: "STANDARD" });
    expect(out.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    // S3 reports modification times to the second, in listings as in headers.
    expect(out.Contents?.every((c) => c.LastModified!.getTime() % 1000 === 0)).toBe(true);
    expect(out.IsTruncated).toBe(false);
  });

  it("rolls keys up into common prefixes at the delimiter", async () => {
    const out = await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, Delimiter: "/" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["a.txt", "d e+f.txt", "é.txt"]);
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["b/", "z/"]);
    const inner = await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, Delimiter: "/", Prefix: "b/" }));
    expect(inner.Contents?.map((c) => c.Key)).toEqual(["b/1.txt", "b/2.txt"]);
    expect(inner.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["b/c/"]);
  });

  it("pages with continuation tokens, counting a common prefix as one entry", async () => {
    const s3 = ctx.client(S3Client);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: "/", MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(out.Contents ?? []).map((c) => c.Key!), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = out.NextContinuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["a.txt", "b/", "d e+f.txt", "z/", "é.txt"].sort());
  });

  it("starts after a key", async () => {
    const out = await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, StartAfter: "b/2.txt" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["b/c/3.txt", "d e+f.txt", "z/9.txt", "é.txt"]);
  });

  it("URL-encodes keys when asked", async () => {
    const res = await rawRequest(ctx.endpoint, { path: `/${Bucket}?list-type=2&encoding-type=url&prefix=d` });
    expect(res.body.toString()).toContain("<Key>d+e%2Bf.txt</Key>");
  });

  it("pages ListObjects (v1) with markers", async () => {
    const s3 = ctx.client(S3Client);
    const first = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 3 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 3));
    expect(first.IsTruncated).toBe(true);
    expect(first.NextMarker).toBeUndefined();
    const second = await s3.send(new ListObjectsCommand({ Bucket, Marker: "b/2.txt" }));
    expect(second.Contents?.map((c) => c.Key)).toEqual(keys.slice(3));
    const withDelimiter = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 2, Delimiter: "/" }));
    expect(withDelimiter.NextMarker).toBe("b/");
    const next = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 2, Delimiter: "/", Marker: "b/" }));
    expect(next.Contents?.map((c) => c.Key)).toEqual(["d e+f.txt"]);
    expect(next.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["z/"]);
  });
});
