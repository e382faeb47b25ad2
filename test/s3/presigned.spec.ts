import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("presign").toLowerCase();

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

describe("errors", () => {
  it("answers 403 Request has expired once X-Amz-Expires has passed on the clock", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutObjectCommand({ Bucket, Key: "exp", Body: "soon gone" }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: "exp" }), { expiresIn: 60, signingDate: ctx.clock.now() });
    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe("soon gone");
    await ctx.clock.advance(61_000);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(xml).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
    expect(xml).toContain("<X-Amz-Expires>60</X-Amz-Expires>");
  });

  it("rejects an expiry longer than a week", async () => {
    const s3 = ctx.client(S3Client);
    const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: "x" }), { expiresIn: 60, signingDate: ctx.clock.now() }));
    url.searchParams.set("X-Amz-Expires", "604801");
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>AuthorizationQueryParametersError</Code>");
  });
});

describe("behaviour", () => {
  it("uploads with a presigned PUT (default client, checksum in the query) and downloads with a presigned GET", async () => {
    const s3 = ctx.client(S3Client);
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: "via url.txt", ContentType: "text/plain" }), {
      expiresIn: 300,
      signingDate: ctx.clock.now(),
    });
    const put = await fetch(putUrl, { method: "PUT", body: "uploaded by url", headers: { "content-type": "text/plain" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await put.text()).toBe("");
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: "via url.txt", ResponseContentDisposition: "attachment" }), {
      expiresIn: 300,
      signingDate: ctx.clock.now(),
    });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-disposition")).toBe("attachment");
    expect(got.headers.get("content-type")).toBe("text/plain");
    expect(await got.text()).toBe("uploaded by url");
  });
});
