/**
 * Seed use cases: multi-origin routing (one domain: the site from S3, `/api/*` from an API server,
 * `/media/*` from a media server, each behaviour with its own caching) and priority routing (a
 * viewer-request CloudFront Function sends premium viewers, by cookie, to a dedicated origin; the
 * cache keys by that cookie so the tiers' answers never mix).
 */
import { CloudFrontClient, CreateDistributionCommand, CreateFunctionCommand, PublishFunctionCommand, type Origin } from "@aws-sdk/client-cloudfront";
import { CreateCachePolicyCommand } from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const servers: Server[] = [];
const hits: Record<string, number> = {};

async function origin(name: string): Promise<Origin> {
  hits[name] = 0;
  const server = createServer((req, res) => {
    hits[name]!++;
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "max-age=300" }).end(`${name} ${req.url}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { Id: name, DomainName: "localhost", CustomOriginConfig: { HTTPPort: (server.address() as AddressInfo).port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } };
}

/** A viewer for the new distribution: `(path, init)` → fetch of `/_aws/cloudfront/<Id><path>`. */
async function distribution(ref: string, config: Record<string, unknown>): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: { CallerReference: ref, Comment: "", Enabled: true, ...config } as never }));
  const id = out.Distribution!.Id!;
  return (path, init = {}) => fetch(`${ctx.endpoint}/_aws/cloudfront/${id}${path}`, init);
}

beforeAll(async () => {
  const s3 = ctx.client(S3Client);
  await s3.send(new CreateBucketCommand({ Bucket: "routing-site" }));
  await s3.send(new PutObjectCommand({ Bucket: "routing-site", Key: "index.html", Body: "<h1>site</h1>", ContentType: "text/html" }));
});

afterAll(() => {
  for (const s of servers) s.close();
});

describe("edge routing", () => {
  it("multi-origin: path patterns send /api/* and /media/* to their servers and the rest to S3, each with its own caching", async () => {
    const site = { Id: "site", DomainName: "routing-site.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } };
    const api = await origin("api");
    const media = await origin("media");
    const get = await distribution("multi-origin", {
      DefaultRootObject: "index.html",
      Origins: { Quantity: 3, Items: [site, api, media] },
      DefaultCacheBehavior: { TargetOriginId: "site", ViewerProtocolPolicy: "redirect-to-https", CachePolicyId: CACHING_OPTIMIZED },
      CacheBehaviors: {
        Quantity: 2,
        Items: [
          { PathPattern: "/api/*", TargetOriginId: "api", ViewerProtocolPolicy: "https-only", CachePolicyId: CACHING_DISABLED, AllowedMethods: { Quantity: 7, Items: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } } },
          { PathPattern: "/media/*", TargetOriginId: "media", ViewerProtocolPolicy: "https-only", CachePolicyId: CACHING_OPTIMIZED },
        ],
      },
    });
    const home = await get("/");
    expect(await home.text()).toBe("<h1>site</h1>");
    expect(home.headers.get("content-type")).toBe("text/html");

    for (let i = 0; i < 2; i++) expect(await (await get("/api/orders?page=2")).text()).toBe("api /api/orders");
    expect(hits.api).toBe(2); // CachingDisabled: every request reaches the API

    const first = await get("/media/cat.jpg");
    const second = await get("/media/cat.jpg");
    expect(await second.text()).toBe("media /media/cat.jpg");
    expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["Miss from cloudfront", "Hit from cloudfront"]);
    expect(hits.media).toBe(1);

    // The API behaviour allows writes; the default one answers 403 to them, as CloudFront does.
    expect((await get("/api/orders", { method: "POST", body: "{}" })).status).toBe(200);
    expect((await get("/index.html", { method: "POST", body: "{}" })).status).toBe(403);
  });

  it("priority routing: premium viewers (by cookie) reach their own origin; the cache keeps the tiers apart", async () => {
    const standard = await origin("standard");
    const priority = await origin("priority");
    const code = `import cf from 'cloudfront';
function handler(event) {
  var tier = event.request.cookies.tier;
  if (tier && tier.value === 'premium') cf.selectRequestOriginById('priority');
  return event.request;
}`;
    const created = await cf().send(new CreateFunctionCommand({ Name: "priority-router", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0" }, FunctionCode: new TextEncoder().encode(code) }));
    await cf().send(new PublishFunctionCommand({ Name: "priority-router", IfMatch: created.ETag }));
    const policy = await cf().send(
      new CreateCachePolicyCommand({
        CachePolicyConfig: {
          Name: "by-tier",
          MinTTL: 0,
          DefaultTTL: 60,
          MaxTTL: 600,
          ParametersInCacheKeyAndForwardedToOrigin: {
            EnableAcceptEncodingGzip: false,
            HeadersConfig: { HeaderBehavior: "none" },
            CookiesConfig: { CookieBehavior: "whitelist", Cookies: { Quantity: 1, Items: ["tier"] } },
            QueryStringsConfig: { QueryStringBehavior: "none" },
          },
        },
      }),
    );
    const get = await distribution("priority", {
      Origins: { Quantity: 2, Items: [standard, priority] },
      DefaultCacheBehavior: {
        TargetOriginId: "standard",
        ViewerProtocolPolicy: "allow-all",
        CachePolicyId: policy.CachePolicy!.Id!,
        FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: created.FunctionSummary!.FunctionMetadata!.FunctionARN!, EventType: "viewer-request" }] },
      },
    });
    expect(await (await get("/checkout")).text()).toBe("standard /checkout");
    expect(await (await get("/checkout", { headers: { cookie: "tier=premium" } })).text()).toBe("priority /checkout");
    expect(await (await get("/checkout", { headers: { cookie: "tier=basic" } })).text()).toBe("standard /checkout");
    const again = await get("/checkout", { headers: { cookie: "tier=premium; theme=dark" } });
    expect(await again.text()).toBe("priority /checkout");
    expect(again.headers.get("x-cache")).toBe("Hit from cloudfront");
    expect([hits.standard, hits.priority]).toEqual([2, 1]);
  });
});
