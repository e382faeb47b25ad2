import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("integrity").toLowerCase();

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

function crc32Base64(data: Buffer | string): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data));
  return b.toString("base64");
}

function chunked(data: Buffer, trailer: string, chunkSize = 4): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < data.length; i += chunkSize) {
    const c = data.subarray(i, i + chunkSize);
    parts.push(`${c.length.toString(16)}\r\n${c.toString("latin1")}\r\n`);
  }
  parts.push(`0\r\n${trailer}\r\n\r\n`);
  return Buffer.from(parts.join(""), "latin1");
}

async function absent(Key: string): Promise<void> {
  const list = await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
  expect(list.KeyCount).toBe(0);
}

describe("errors", () => {
  it("answers BadDigest for a Content-MD5 that does not match and stores nothing", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "PUT",
      path: `/${Bucket}/md5`,
      headers: { "content-md5": createHash("md5").update("other").digest("base64") },
      body: "payload",
    });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>BadDigest</Code><Message>The Content-MD5 you specified did not match what we received.</Message>");
    await absent("md5");
  });

  it("answers InvalidDigest for a malformed Content-MD5", async () => {
    const res = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}/md5bad`, headers: { "content-md5": "abc" }, body: "payload" });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>InvalidDigest</Code>");
  });

  it("answers BadDigest for a CRC32 header that does not match", async () => {
    const res = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}/crc`, headers: { "x-amz-checksum-crc32": crc32Base64("other") }, body: "payload" });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Message>The CRC32 you specified did not match the calculated checksum.</Message>");
    await absent("crc");
  });

  it("answers BadDigest for an aws-chunked trailer that does not match", async () => {
    const data = Buffer.from("some streamed payload");
    const res = await rawRequest(ctx.endpoint, {
      method: "PUT",
      path: `/${Bucket}/trailer-bad`,
      headers: {
        "content-encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": String(data.length),
        "x-amz-trailer": "x-amz-checksum-crc32",
      },
      body: chunked(data, `x-amz-checksum-crc32:${crc32Base64("nope")}`),
    });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>BadDigest</Code>");
    await absent("trailer-bad");
  });

  it("answers IncompleteBody when the decoded length is short", async () => {
    const data = Buffer.from("short");
    const res = await rawRequest(ctx.endpoint, {
      method: "PUT",
      path: `/${Bucket}/short`,
      headers: { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length": "99" },
      body: chunked(data, ""),
    });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>IncompleteBody</Code>");
    await absent("short");
  });

  it("answers EntityTooLarge for a single PUT over 5 GB", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "PUT",
      path: `/${Bucket}/huge`,
      headers: { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length": String(6 * 1024 ** 3) },
      body: chunked(Buffer.from("x"), ""),
    });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message>");
  });
});

describe("behaviour", () => {
  it("leaves nothing behind when the client goes away mid-upload", async () => {
    const url = new URL(ctx.endpoint);
    const tmp = join(ctx.aws.server.blobs.dir, "tmp");
    const req = request({ host: url.hostname, port: url.port, method: "PUT", path: `/${Bucket}/interrupted`, headers: { "content-length": String(8 * 1024 * 1024) } });
    req.on("error", () => undefined);
    req.write(Buffer.alloc(2 * 1024 * 1024, 1));
    // The body is streaming into a temp blob; then the client disappears.
    await vi.waitFor(() => expect(readdirSync(tmp).length).toBe(1), { timeout: 5000, interval: 20 });
    req.destroy();
    // The server notices the reset asynchronously; wait for its temp file to go.
    await vi.waitFor(() => expect(readdirSync(tmp)).toEqual([]), { timeout: 5000, interval: 20 });
    await absent("interrupted");
  });

  it("decodes signed chunks and verifies the trailing checksum", async () => {
    const data = Buffer.from("signed chunk payload, decoded");
    const sig = "chunk-signature=" + "0".repeat(64);
    const body = Buffer.from(`${data.length.toString(16)};${sig}\r\n${data.toString()}\r\n0;${sig}\r\nx-amz-checksum-crc32:${crc32Base64(data)}\r\n\r\n`);
    const res = await rawRequest(ctx.endpoint, {
      method: "PUT",
      path: `/${Bucket}/signed`,
      headers: {
        "content-encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": String(data.length),
        "x-amz-trailer": "x-amz-checksum-crc32",
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers["x-amz-checksum-crc32"]).toBe(crc32Base64(data));
    const got = await ctx.client(S3Client).send(new GetObjectCommand({ Bucket, Key: "signed" }));
    expect(await got.Body!.transformToString()).toBe(data.toString());
  });

  it("keeps each algorithm's checksum and returns it in checksum mode", async () => {
    const s3 = ctx.client(S3Client);
    for (const ChecksumAlgorithm of ["CRC32C", "CRC64NVME", "SHA1", "SHA256"] as const) {
      const Key = `algo-${ChecksumAlgorithm}`;
      const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: "checksummed", ChecksumAlgorithm }));
      const member = `Checksum${ChecksumAlgorithm}` as const;
      expect(put[member]).toBeDefined();
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
      expect(head[member]).toBe(put[member]);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
      expect(await got.Body!.transformToString()).toBe("checksummed");
    }
  });

  it("returns each object's own bytes when many GETs of 128 KiB to 3 MiB objects overlap (reused buffers)", async () => {
    const s3 = ctx.client(S3Client);
    const sizes = [129 * 1024, 700 * 1024, 1024 * 1024, 3 * 1024 * 1024 + 7];
    const bodies = sizes.map((n, i) => Buffer.alloc(n, i + 1).fill(i * 31 + 7, n >> 1));
    await Promise.all(bodies.map((Body, i) => s3.send(new PutObjectCommand({ Bucket, Key: `pooled-${i}`, Body }))));
    const reads = Array.from({ length: 24 }, async (_, j) => {
      const i = j % bodies.length;
      const ranged = j % 3 === 0;
      const out = await s3.send(new GetObjectCommand({ Bucket, Key: `pooled-${i}`, Range: ranged ? "bytes=100-2000000" : undefined }));
      const got = Buffer.from(await out.Body!.transformToByteArray());
      const want = ranged ? bodies[i]!.subarray(100, 2000001) : bodies[i]!;
      return got.equals(want) && out.ContentLength === want.length;
    });
    expect(await Promise.all(reads)).toEqual(Array(24).fill(true));
  });

  it("accepts an empty body and a key with ../ in it", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "../../etc/passwd", Body: "" }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "../../etc/passwd" }));
    expect(got.ContentLength).toBe(0);
    expect(await got.Body!.transformToString()).toBe("");
  });
});

describe("validation", () => {
  it("rejects a checksum header that is not a valid digest", async () => {
    await expectAwsError(ctx.client(S3Client).send(new PutObjectCommand({ Bucket, Key: "v", Body: "x", ChecksumCRC32: "not-base64!" })), {
      name: "InvalidRequest",
      status: 400,
      message: "Value for x-amz-checksum-crc32 header is invalid.",
    });
  });
});
