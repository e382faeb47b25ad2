import { CreateBucketCommand, PutBucketCorsCommand, PutBucketWebsiteCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("site").toLowerCase();
const Plain = uniqueName("plain").toLowerCase();

beforeAll(async () => {
  const s3 = ctx.client(S3Client);
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: Plain }));
  await s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "404.html" } } }));
  const put = (Key: string, Body: string, extra: Record<string, string> = {}): Promise<unknown> =>
    s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: "text/html", ...extra }));
  await put("index.html", "<h1>home</h1>");
  await put("404.html", "<h1>not here</h1>");
  await put("docs/index.html", "<h1>docs</h1>");
  await put("old.html", "", { WebsiteRedirectLocation: "/docs/" });
  await s3.send(
    new PutBucketCorsCommand({
      Bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["https://app.example"], AllowedMethods: ["GET", "PUT"], AllowedHeaders: ["content-type"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 600 }] },
    }),
  );
});

function site(path: string, method = "GET"): ReturnType<typeof rawRequest> {
  const port = new URL(ctx.endpoint).port;
  return rawRequest(ctx.endpoint, { method, path, headers: { host: `${Bucket}.s3-website.localhost:${port}` } });
}

describe("errors", () => {
  it("answers with HTML pages for missing buckets and buckets without a website", async () => {
    const missing = await rawRequest(ctx.endpoint, { path: "/_local/website/no-such-site-bucket/" });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toContain("text/html");
    expect(missing.body.toString()).toContain("<li>Code: NoSuchBucket</li>");
    const plain = await rawRequest(ctx.endpoint, { path: `/_local/website/${Plain}/` });
    expect(plain.status).toBe(404);
    expect(plain.body.toString()).toContain("<li>Code: NoSuchWebsiteConfiguration</li>");
  });

  it("refuses preflights that no rule allows, and buckets without CORS", async () => {
    const denied = await rawRequest(ctx.endpoint, {
      method: "OPTIONS",
      path: `/${Bucket}/x`,
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.toString()).toContain("<Code>AccessForbidden</Code>");
    const none = await rawRequest(ctx.endpoint, { method: "OPTIONS", path: `/${Plain}/x`, headers: { origin: "https://app.example", "access-control-request-method": "GET" } });
    expect(none.status).toBe(403);
    expect(none.body.toString()).toContain("<Message>CORSResponse: CORS is not enabled for this bucket.</Message>");
  });
});

describe("behaviour", () => {
  it("serves the index document at the root and in folders", async () => {
    const root = await site("/");
    expect(root.status).toBe(200);
    expect(root.headers["content-type"]).toBe("text/html");
    expect(root.body.toString()).toBe("<h1>home</h1>");
    expect((await site("/docs/")).body.toString()).toBe("<h1>docs</h1>");
    const folder = await site("/docs");
    expect(folder.status).toBe(302);
    expect(folder.headers.location).toBe("/docs/");
  });

  it("serves the error document with 404 and follows object redirects", async () => {
    const missing = await site("/nope.html");
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe("<h1>not here</h1>");
    const moved = await site("/old.html");
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("/docs/");
  });

  it("refuses a website configuration with elements where S3's schema has text (MalformedXML, not a 500)", async () => {
    for (const body of [
      "<WebsiteConfiguration><IndexDocument><Suffix><a>b</a></Suffix></IndexDocument></WebsiteConfiguration>",
      "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key><a/></Key></ErrorDocument></WebsiteConfiguration>",
      "<WebsiteConfiguration><RedirectAllRequestsTo><HostName><a>x</a></HostName></RedirectAllRequestsTo></WebsiteConfiguration>",
    ]) {
      const res = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Plain}?website`, headers: { "content-type": "application/xml" }, body });
      expect(res.status, body).toBe(400);
      expect(res.body.toString()).toContain("<Code>MalformedXML</Code>");
    }
  });

  it("serves the same site under /_local/website/<bucket>/", async () => {
    const res = await rawRequest(ctx.endpoint, { path: `/_local/website/${Bucket}/index.html` });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("<h1>home</h1>");
    const folder = await rawRequest(ctx.endpoint, { path: `/_local/website/${Bucket}/docs` });
    expect(folder.headers.location).toBe(`/_local/website/${Bucket}/docs/`);
  });

  it("answers CORS preflights and adds CORS headers to matching requests", async () => {
    const pre = await rawRequest(ctx.endpoint, {
      method: "OPTIONS",
      path: `/${Bucket}/upload.txt`,
      headers: { origin: "https://app.example", "access-control-request-method": "PUT", "access-control-request-headers": "Content-Type" },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(pre.headers["access-control-allow-methods"]).toBe("GET, PUT");
    expect(pre.headers["access-control-allow-headers"]).toBe("content-type");
    expect(pre.headers["access-control-max-age"]).toBe("600");
    const get = await rawRequest(ctx.endpoint, { path: `/${Bucket}/index.html`, headers: { origin: "https://app.example" } });
    expect(get.status).toBe(200);
    expect(get.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(get.headers["access-control-expose-headers"]).toBe("ETag");
    const other = await rawRequest(ctx.endpoint, { path: `/${Bucket}/index.html`, headers: { origin: "https://other.example" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
