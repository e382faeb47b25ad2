/** examples/edge-image-resize runs as its README says (started with its config, set up by its setup.mjs). */
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

let aws: LocalAws;
let url = "";

beforeAll(async () => {
  aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent", config: resolve("examples", "edge-image-resize", "local-aws.json") });
  const { setup } = (await import(resolve("examples", "edge-image-resize", "setup.mjs"))) as { setup(endpoint: string): Promise<Record<string, string>> };
  url = (await setup(aws.endpoint)).url!;
  const s3 = new S3Client({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true });
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
  await s3.send(new PutObjectCommand({ Bucket: "edge-images", Key: "cat.png", Body: photo, ContentType: "image/png" }));
  // Noise does not compress: 1600 pixels wide it is well over Lambda@Edge's 1 MB body limit.
  const noise = randomBytes(1700 * 1200 * 3);
  await s3.send(new PutObjectCommand({ Bucket: "edge-images", Key: "noise.png", Body: await sharp(noise, { raw: { width: 1700, height: 1200, channels: 3 } }).png().toBuffer(), ContentType: "image/png" }));
}, 120_000);

afterAll(async () => {
  await aws?.stop();
});

describe("examples/edge-image-resize", () => {
  it("resizes on the first request (Lambda@Edge on S3's 403), stores it, and serves the second from the cache", async () => {
    const first = await fetch(`${url}cat.png?w=400`, { headers: { accept: "image/avif,image/webp,*/*" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/webp");
    expect(first.headers.get("cache-control")).toBe("max-age=31536000");
    expect(first.headers.get("x-cache")).toBe("Miss from cloudfront");
    const meta = await sharp(Buffer.from(await first.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 400, 300]);
    const s3 = new S3Client({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true });
    expect((await s3.send(new HeadObjectCommand({ Bucket: "edge-images", Key: "_w400/webp/cat.png" }))).ContentType).toBe("image/webp");

    await aws.clock.advance(86_400_000);
    const second = await fetch(`${url}cat.png?w=400&utm=x`, { headers: { accept: "image/webp" } });
    expect(second.headers.get("x-cache")).toBe("Hit from cloudfront");
    expect(second.headers.get("age")).toBe("86400");

    // A width off the allow-list is the original; no Accept for webp gives jpeg.
    const original = await fetch(`${url}cat.png?w=123`);
    expect(original.headers.get("content-type")).toBe("image/png");
    const jpeg = await fetch(`${url}cat.png?w=100`);
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");
  });

  it("a resized image over 1 MB is CloudFront's 502", async () => {
    const res = await fetch(`${url}noise.png?w=1600`);
    expect(res.status).toBe(502);
    expect(res.headers.get("x-cache")).toBe("LambdaValidationError from cloudfront");
  });
});
