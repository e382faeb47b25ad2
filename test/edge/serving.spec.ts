import { CloudFrontClient, CreateDistributionCommand, CreateInvalidationCommand, GetInvalidationCommand, ListInvalidationsCommand, UpdateDistributionCommand, type DistributionConfig } from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const s3 = (): S3Client => ctx.client(S3Client);

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, options: { host?: string; method?: string } = {}): Promise<Got> {
  const url = new URL(path, ctx.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.host ? { host: options.host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

const put = (Key: string, Body: string): Promise<unknown> => s3().send(new PutObjectCommand({ Bucket: "site", Key, Body, ContentType: Key.endsWith(".html") ? "text/html" : undefined }));

function config(ref: string): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "",
    Enabled: true,
    DefaultRootObject: "index.html",
    Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "site.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
    DefaultCacheBehavior: {
      TargetOriginId: "s3",
      ViewerProtocolPolicy: "allow-all",
      MinTTL: 0,
      DefaultTTL: 60,
      MaxTTL: 3600,
      ForwardedValues: { QueryString: false, Cookies: { Forward: "none" } },
    },
    CacheBehaviors: {
      Quantity: 2,
      Items: [
        { PathPattern: "/live/*", TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" },
        {
          PathPattern: "search/*",
          TargetOriginId: "s3",
          ViewerProtocolPolicy: "allow-all",
          MinTTL: 0,
          DefaultTTL: 60,
          MaxTTL: 60,
          ForwardedValues: { QueryString: true, QueryStringCacheKeys: { Quantity: 1, Items: ["q"] }, Cookies: { Forward: "none" } },
        },
      ],
    },
  };
}

let id = "";
let domain = "";
let etag = "";

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket: "site" }));
  await put("index.html", "<h1>v1</h1>");
  const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("serve-1") }));
  id = out.Distribution!.Id!;
  domain = out.Distribution!.DomainName!;
  etag = out.ETag!;
});

describe("serving a distribution", () => {
  it("serves the DefaultRootObject at /, a miss then a hit with Age and CloudFront's headers", async () => {
    const miss = await get(`/_aws/cloudfront/${id}/`);
    expect(miss.status).toBe(200);
    expect(miss.body).toBe("<h1>v1</h1>");
    expect(miss.headers["content-type"]).toBe("text/html");
    expect(miss.headers["x-cache"]).toBe("Miss from cloudfront");
    expect(miss.headers.via).toMatch(/^1\.1 [0-9a-f]+\.cloudfront\.net \(CloudFront\)$/);
    expect(miss.headers["x-amz-cf-pop"]).toBeTruthy();
    expect(miss.headers["x-amz-cf-id"]).toBeTruthy();
    await ctx.clock.advance(5_000);
    const hit = await get(`/_aws/cloudfront/${id}/`);
    expect(hit.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(hit.headers.age).toBe("5");
    expect(hit.body).toBe("<h1>v1</h1>");
  });

  it("answers on the <label>.cloudfront.localhost host too", async () => {
    const res = await get("/index.html", { host: `${domain.replace(".cloudfront.net", "")}.cloudfront.localhost:4566` });
    expect(res.status).toBe(200);
    expect(res.body).toBe("<h1>v1</h1>");
  });

  it("keeps a changed object stale until the TTL ends", async () => {
    await put("stale.txt", "old");
    expect((await get(`/_aws/cloudfront/${id}/stale.txt`)).body).toBe("old");
    await put("stale.txt", "new");
    await ctx.clock.advance(59_000);
    const stale = await get(`/_aws/cloudfront/${id}/stale.txt`);
    expect(stale.body).toBe("old");
    expect(stale.headers["x-cache"]).toBe("Hit from cloudfront");
    await ctx.clock.advance(1_000);
    const fresh = await get(`/_aws/cloudfront/${id}/stale.txt`);
    expect(fresh.body).toBe("new");
    expect(fresh.headers["x-cache"]).toBe("Miss from cloudfront");
  });

  it("an invalidation empties matching entries at once; Get/List read it Completed", async () => {
    await put("docs/a.txt", "a1");
    await put("docs/b.txt", "b1");
    await put("other.txt", "o1");
    for (const p of ["docs/a.txt", "docs/b.txt", "other.txt"]) await get(`/_aws/cloudfront/${id}/${p}`);
    await put("docs/a.txt", "a2");
    await put("docs/b.txt", "b2");
    await put("other.txt", "o2");
    const out = await cf().send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: "inv-1", Paths: { Quantity: 1, Items: ["/docs/*"] } } }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.Invalidation?.Status).toBe("InProgress");
    expect((await get(`/_aws/cloudfront/${id}/docs/a.txt`)).body).toBe("a2");
    expect((await get(`/_aws/cloudfront/${id}/docs/b.txt`)).body).toBe("b2");
    expect((await get(`/_aws/cloudfront/${id}/other.txt`)).body).toBe("o1");
    const got = await cf().send(new GetInvalidationCommand({ DistributionId: id, Id: out.Invalidation!.Id }));
    expect(got.Invalidation).toMatchObject({ Id: out.Invalidation!.Id, Status: "Completed", InvalidationBatch: { Paths: { Quantity: 1, Items: ["/docs/*"] } } });
    const list = await cf().send(new ListInvalidationsCommand({ DistributionId: id }));
    expect(list.InvalidationList?.Items?.map((i) => [i.Id, i.Status])).toEqual([[out.Invalidation!.Id, "Completed"]]);
  });

  it("refuses invalidation paths without a leading / or with * before the end", async () => {
    for (const path of ["docs/*", "/a*b"]) {
      await expectAwsError(cf().send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: `bad-${path}`, Paths: { Quantity: 1, Items: [path] } } })), {
        name: "InvalidArgument",
        status: 400,
      });
    }
    await expectAwsError(cf().send(new GetInvalidationCommand({ DistributionId: id, Id: "INOSUCH" })), { name: "NoSuchInvalidation", status: 404 });
  });

  it("picks the behaviour by path pattern: CachingDisabled never hits; query strings in the key as the behaviour says", async () => {
    await put("live/now.txt", "1");
    await get(`/_aws/cloudfront/${id}/live/now.txt`);
    await put("live/now.txt", "2");
    const live = await get(`/_aws/cloudfront/${id}/live/now.txt`);
    expect(live.body).toBe("2");
    expect(live.headers["x-cache"]).toBe("Miss from cloudfront");

    await put("search/r.json", "r1");
    await get(`/_aws/cloudfront/${id}/search/r.json?q=a&utm=x`);
    await put("search/r.json", "r2");
    expect((await get(`/_aws/cloudfront/${id}/search/r.json?utm=y&q=a`)).headers["x-cache"]).toBe("Hit from cloudfront");
    const other = await get(`/_aws/cloudfront/${id}/search/r.json?q=b`);
    expect(other.headers["x-cache"]).toBe("Miss from cloudfront");
    expect(other.body).toBe("r2");
  });

  it("a missing key is S3's 403 (as behind origin access control); other methods 403; HEAD has no body", async () => {
    const missing = await get(`/_aws/cloudfront/${id}/nope.html`);
    expect(missing.status).toBe(403);
    expect(missing.body).toContain("<Code>AccessDenied</Code>");
    expect(missing.headers["x-cache"]).toBe("Error from cloudfront");
    const post = await get(`/_aws/cloudfront/${id}/index.html`, { method: "POST" });
    expect(post.status).toBe(403);
    const head = await get(`/_aws/cloudfront/${id}/index.html`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect((await get("/_aws/cloudfront/E0NOSUCH000000/")).status).toBe(403);
  });

  it("CustomErrorResponses: a SPA's 403 → /index.html with 200, the error kept for ErrorCachingMinTTL", async () => {
    const out = await cf().send(
      new CreateDistributionCommand({
        DistributionConfig: {
          ...config("spa-1"),
          CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 403, ResponsePagePath: "/index.html", ResponseCode: "200", ErrorCachingMinTTL: 30 }] },
        },
      }),
    );
    const spa = out.Distribution!.Id!;
    const route = await get(`/_aws/cloudfront/${spa}/app/settings`);
    expect(route.status).toBe(200);
    expect(route.body).toBe("<h1>v1</h1>");
    expect(route.headers["x-cache"]).toBe("Error from cloudfront");
    await put("app/settings", "now a real object");
    await ctx.clock.advance(29_000);
    expect((await get(`/_aws/cloudfront/${spa}/app/settings`)).body).toBe("<h1>v1</h1>");
    await ctx.clock.advance(1_000);
    expect((await get(`/_aws/cloudfront/${spa}/app/settings`)).body).toBe("now a real object");
  });

  it("malformed viewer requests get 4xx answers, never a 500", async () => {
    expect((await get(`/_aws/cloudfront/${id}/%E0%A4%A`)).status).toBe(403);
    expect((await get(`/_aws/cloudfront/${id}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(403);
    for (const path of ["/_aws/cloudfront/", "/_aws/cloudfront/lower/x", `/_aws/cloudfront/${id}/a?%zz=1`]) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await get("/x", { host: "dnosuchdomain1.cloudfront.localhost" })).status).toBe(403);
  });

  it("GET /_local/cloudfront lists distributions with their local URLs", async () => {
    const res = await fetch(`${ctx.endpoint}/_local/cloudfront`);
    expect(res.status).toBe(200);
    const { distributions } = (await res.json()) as { distributions: { id: string; domainName: string; urls: string[] }[] };
    const mine = distributions.find((d) => d.id === id)!;
    expect(mine.domainName).toBe(domain);
    expect(mine.urls[0]).toBe(`${ctx.endpoint}/_aws/cloudfront/${id}/`);
    expect(mine.urls[1]).toMatch(/^http:\/\/d[a-z0-9]{13}\.cloudfront\.localhost:\d+\/$/);
  });

  it("a disabled distribution answers 403", async () => {
    const updated = await cf().send(new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: { ...config("serve-1"), Enabled: false } }));
    etag = updated.ETag!;
    const res = await get(`/_aws/cloudfront/${id}/index.html`);
    expect(res.status).toBe(403);
    expect(res.body).toContain("The request could not be satisfied");
  });
});
