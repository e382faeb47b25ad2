import { CloudFrontClient, CreateFunctionCommand, PublishFunctionCommand, CreateCachePolicyCommand, DeleteCachePolicyCommand, GetCachePolicyCommand, ListCachePoliciesCommand, CreateDistributionCommand, GetDistributionConfigCommand, UpdateDistributionCommand, type DistributionConfig, type Origin } from "@aws-sdk/client-cloudfront";
import { APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand } from "@aws-sdk/client-api-gateway";
import { CreateBucketCommand, PutBucketWebsiteCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

// Alias Hosts pass the DNS-rebinding guard only when allowed, as users start it: --allowed-hosts.
const ctx = useServer({ allowedHosts: ["www.example.com", "*.cdn.example.com"] });
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const s3 = (): S3Client => ctx.client(S3Client);

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET", body?: string): Promise<Got> {
  const url = new URL(path, ctx.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The custom origin: echoes what CloudFront sent; /slow never answers; /cc/<n> answers max-age=n. */
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let origin: Server;
let originPort = 0;
let closedPort = 0;

function customOrigin(id: string, extra: Partial<Origin> = {}): Origin {
  return {
    Id: id,
    DomainName: "localhost",
    OriginPath: "/v1",
    CustomHeaders: { Quantity: 1, Items: [{ HeaderName: "X-Origin-Secret", HeaderValue: "s3cr3t" }] },
    CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: "http-only", OriginReadTimeout: 5, OriginKeepaliveTimeout: 5 },
    ...extra,
  };
}

function config(ref: string, origins: Origin[], extra: Partial<DistributionConfig> = {}): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "",
    Enabled: true,
    Origins: { Quantity: origins.length, Items: origins },
    DefaultCacheBehavior: {
      TargetOriginId: origins[0]!.Id,
      ViewerProtocolPolicy: "allow-all",
      AllowedMethods: { Quantity: 7, Items: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } },
      MinTTL: 0,
      DefaultTTL: 60,
      MaxTTL: 3600,
      ForwardedValues: { QueryString: true, Headers: { Quantity: 1, Items: ["Accept-Language"] }, Cookies: { Forward: "whitelist", WhitelistedNames: { Quantity: 1, Items: ["ab"] } } },
    },
    ...extra,
  };
}

async function create(c: DistributionConfig): Promise<string> {
  const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: c }));
  return out.Distribution!.Id!;
}

beforeAll(async () => {
  origin = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url!.startsWith("/v1/slow")) return;
      const cc = /^\/v1\/cc\/(\d+)/.exec(req.url!);
      const etag = '"v-1"';
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag, "cache-control": cc ? `max-age=${cc[1]}` : "max-age=30" });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "text/plain", etag, ...(cc ? { "cache-control": `max-age=${cc[1]}` } : {}) });
      res.end(`${req.method} ${req.url} #${seen.length}`);
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originPort = (origin.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  origin.closeAllConnections();
  await new Promise<void>((resolve) => origin.close(() => resolve()));
});

describe("custom HTTP origins", () => {
  it("forwards to the origin path with the custom headers, CloudFront's own headers and only the forwarded headers and cookies", async () => {
    const id = await create(config("custom-1", [customOrigin("app")]));
    const res = await get(`/_aws/cloudfront/${id}/hello?x=1`, { "accept-language": "fr", "x-not-forwarded": "1", cookie: "ab=b; session=secret" });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^GET \/v1\/hello\?x=1 #\d+$/);
    expect(res.headers["x-cache"]).toBe("Miss from cloudfront");
    const sent = seen[seen.length - 1]!;
    expect(sent.headers.host).toBe(`localhost:${originPort}`);
    expect(sent.headers["x-origin-secret"]).toBe("s3cr3t");
    expect(sent.headers["accept-language"]).toBe("fr");
    expect(sent.headers["x-not-forwarded"]).toBeUndefined();
    expect(sent.headers.cookie).toBe("ab=b");
    expect(sent.headers["user-agent"]).toBe("Amazon CloudFront");
    expect(sent.headers.via).toMatch(/^1\.1 [0-9a-f]+\.cloudfront\.net \(CloudFront\)$/);
    expect(sent.headers["x-amz-cf-id"]).toBe(res.headers["x-amz-cf-id"]);
    expect(sent.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("caches per forwarded header and cookie value, not per other headers", async () => {
    const id = await create(config("custom-key", [customOrigin("app")]));
    const a = await get(`/_aws/cloudfront/${id}/k`, { "accept-language": "fr", cookie: "ab=1; other=x" });
    const b = await get(`/_aws/cloudfront/${id}/k`, { "accept-language": "fr", cookie: "other=y; ab=1", "user-agent": "z" });
    expect(b.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(b.body).toBe(a.body);
    expect((await get(`/_aws/cloudfront/${id}/k`, { "accept-language": "de", cookie: "ab=1" })).headers["x-cache"]).toBe("Miss from cloudfront");
    expect((await get(`/_aws/cloudfront/${id}/k`, { "accept-language": "fr", cookie: "ab=2" })).headers["x-cache"]).toBe("Miss from cloudfront");
  });

  it("passes other methods and their bodies through, uncached", async () => {
    const id = await create(config("custom-post", [customOrigin("app")]));
    const res = await get(`/_aws/cloudfront/${id}/form`, { "content-type": "text/plain" }, "POST", "payload");
    expect(res.body).toMatch(/^POST \/v1\/form #/);
    expect(seen[seen.length - 1]!.body).toBe("payload");
    expect(res.headers["x-cache"]).toBe("Miss from cloudfront");
  });

  it("honours the origin's max-age within [Min, Max], then revalidates with If-None-Match: 304 → RefreshHit", async () => {
    const id = await create(config("custom-ttl", [customOrigin("app")]));
    const first = await get(`/_aws/cloudfront/${id}/cc/10`);
    expect(first.headers["x-cache"]).toBe("Miss from cloudfront");
    await ctx.clock.advance(9_000);
    const hit = await get(`/_aws/cloudfront/${id}/cc/10`);
    expect(hit.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(hit.headers.age).toBe("9");
    await ctx.clock.advance(2_000);
    const before = seen.length;
    const refreshed = await get(`/_aws/cloudfront/${id}/cc/10`);
    expect(refreshed.headers["x-cache"]).toBe("RefreshHit from cloudfront");
    expect(refreshed.body).toBe(first.body);
    expect(seen.length).toBe(before + 1);
    expect(seen[seen.length - 1]!.headers["if-none-match"]).toBe('"v-1"');
    expect((await get(`/_aws/cloudfront/${id}/cc/10`)).headers["x-cache"]).toBe("Hit from cloudfront");
  });

  it("answers a viewer's matching If-None-Match with 304", async () => {
    const id = await create(config("custom-304", [customOrigin("app")]));
    await get(`/_aws/cloudfront/${id}/etag`);
    const res = await get(`/_aws/cloudfront/${id}/etag`, { "if-none-match": '"v-1"' });
    expect(res.status).toBe(304);
    expect(res.body).toBe("");
  });

  it("an origin that does not answer within OriginReadTimeout (on the clock) → 504; a refused connection → 502", async () => {
    const id = await create(config("custom-slow", [customOrigin("app"), customOrigin("gone", { CustomOriginConfig: { HTTPPort: closedPort, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } })], {
      CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: "/gone/*", TargetOriginId: "gone", ViewerProtocolPolicy: "allow-all", CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }] },
    }));
    const pending = get(`/_aws/cloudfront/${id}/slow`);
    await new Promise((r) => setTimeout(r, 100));
    await ctx.clock.advance(5_000);
    const slow = await pending;
    expect(slow.status).toBe(504);
    expect(slow.headers["x-cache"]).toBe("Error from cloudfront");
    expect(slow.body).toContain("<H1>504 Gateway Timeout ERROR</H1>");
    expect(slow.body).toContain("The request could not be satisfied.");
    const gone = await get(`/_aws/cloudfront/${id}/gone/x`);
    expect(gone.status).toBe(502);
    expect(gone.body).toContain("CloudFront wasn't able to connect to the origin.");
    expect(gone.body).toContain(`Request ID: ${gone.headers["x-amz-cf-id"]}`);
  });

  it("refuses origins that are not on loopback or served here (502)", async () => {
    const id = await create(config("custom-far", [{ Id: "far", DomainName: "example.com", CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only" } }]));
    expect((await get(`/_aws/cloudfront/${id}/`)).status).toBe(502);
  });
});

describe("origins served here", () => {
  it("an S3 website endpoint origin goes through the website (index documents, the object's Cache-Control)", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "www-site" }));
    await s3().send(new PutBucketWebsiteCommand({ Bucket: "www-site", WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" } } }));
    await s3().send(new PutObjectCommand({ Bucket: "www-site", Key: "docs/index.html", Body: "docs", ContentType: "text/html", CacheControl: "max-age=5" }));
    const id = await create(config("website", [{ Id: "web", DomainName: "www-site.s3-website-us-east-1.amazonaws.com", CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }]));
    const res = await get(`/_aws/cloudfront/${id}/docs/`);
    expect(res.status).toBe(200);
    expect(res.body).toBe("docs");
    expect(res.headers["cache-control"]).toBe("max-age=5");
    await ctx.clock.advance(6_000);
    expect((await get(`/_aws/cloudfront/${id}/docs/`)).headers["x-cache"]).not.toBe("Hit from cloudfront");
  });

  it("an S3 REST origin answers the object's Content-Type, ETag and Last-Modified and keeps it for its s-maxage", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "rest-site" }));
    await s3().send(new PutObjectCommand({ Bucket: "rest-site", Key: "a.json", Body: "{}", ContentType: "application/json", CacheControl: "public, s-maxage=20, max-age=5" }));
    const id = await create(config("rest", [{ Id: "s3", DomainName: "rest-site.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }]));
    const res = await get(`/_aws/cloudfront/${id}/a.json`);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers["last-modified"]).toMatch(/GMT$/);
    await ctx.clock.advance(19_000);
    expect((await get(`/_aws/cloudfront/${id}/a.json`)).headers["x-cache"]).toBe("Hit from cloudfront");
    await ctx.clock.advance(2_000);
    // Unchanged in S3: revalidated by ETag.
    expect((await get(`/_aws/cloudfront/${id}/a.json`)).headers["x-cache"]).toBe("RefreshHit from cloudfront");
  });
});

describe("origins chosen by a viewer-request function", () => {
  it("cf.selectRequestOriginById picks another origin of the distribution; cf.updateRequestOrigin points the request elsewhere", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "fn-origin" }));
    await s3().send(new PutObjectCommand({ Bucket: "fn-origin", Key: "page", Body: "from s3", ContentType: "text/plain" }));
    const code = `import cf from 'cloudfront';
function handler(event) {
  const r = event.request;
  if (r.headers['x-route']) cf.selectRequestOriginById(r.headers['x-route'].value);
  if (r.uri === '/moved') cf.updateRequestOrigin({ domainName: 'localhost', originPath: '/v2', customOriginConfig: { port: ${originPort}, protocol: 'http' } });
  return r;
}`;
    const fn = await cf().send(new CreateFunctionCommand({ Name: "route", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0" }, FunctionCode: new TextEncoder().encode(code) }));
    await cf().send(new PublishFunctionCommand({ Name: "route", IfMatch: fn.ETag }));
    const c = config("fn-route", [{ Id: "s3", DomainName: "fn-origin.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }, customOrigin("app")]);
    const id = await create({
      ...c,
      DefaultCacheBehavior: {
        TargetOriginId: "s3",
        ViewerProtocolPolicy: "allow-all",
        CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: fn.FunctionSummary!.FunctionMetadata!.FunctionARN!, EventType: "viewer-request" }] },
      },
    });
    expect((await get(`/_aws/cloudfront/${id}/page`)).body).toBe("from s3");
    expect((await get(`/_aws/cloudfront/${id}/page`, { "x-route": "app" })).body).toMatch(/^GET \/v1\/page #/);
    expect((await get(`/_aws/cloudfront/${id}/moved`)).body).toMatch(/^GET \/v2\/moved #/);
  });
});

describe("API Gateway origins", () => {
  it("an invoke URL origin with OriginPath /<stage> reaches this server's REST API", async () => {
    const apigw = ctx.client(APIGatewayClient);
    const api = await apigw.send(new CreateRestApiCommand({ name: "behind-cloudfront" }));
    const root = (await apigw.send(new GetResourcesCommand({ restApiId: api.id! }))).items!.find((r) => r.path === "/")!;
    const hello = await apigw.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root.id!, pathPart: "hello" }));
    await apigw.send(new PutMethodCommand({ restApiId: api.id!, resourceId: hello.id!, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: hello.id!, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await apigw.send(new PutMethodResponseCommand({ restApiId: api.id!, resourceId: hello.id!, httpMethod: "GET", statusCode: "200" }));
    await apigw.send(new PutIntegrationResponseCommand({ restApiId: api.id!, resourceId: hello.id!, httpMethod: "GET", statusCode: "200", responseTemplates: { "application/json": '{"hello":"edge"}' } }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "prod" }));
    const id = await create(config("apigw", [{ Id: "api", DomainName: `${api.id!}.execute-api.us-east-1.amazonaws.com`, OriginPath: "/prod", CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only" } }]));
    const res = await get(`/_aws/cloudfront/${id}/hello`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ hello: "edge" });
    expect(res.headers["x-cache"]).toBe("Miss from cloudfront");
  });
});

describe("aliases", () => {
  it("serves a Host equal to an alias (or matched by a wildcard alias); a CNAME in use elsewhere is CNAMEAlreadyExists", async () => {
    const id = await create(config("alias-1", [customOrigin("app")], { Aliases: { Quantity: 2, Items: ["www.example.com", "*.cdn.example.com"] } }));
    const res = await get("/aliased", { host: `www.example.com:${new URL(ctx.endpoint).port}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^GET \/v1\/aliased /);
    expect((await get("/wild", { host: "img.cdn.example.com" })).body).toMatch(/^GET \/v1\/wild /);
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: config("alias-2", [customOrigin("app")], { Aliases: { Quantity: 1, Items: ["www.example.com"] } }) })), {
      name: "CNAMEAlreadyExists",
      status: 409,
      message: "One or more of the CNAMEs you provided are already associated with a different resource.",
    });
    // Its own aliases stay its own on update.
    const current = await cf().send(new GetDistributionConfigCommand({ Id: id }));
    await cf().send(new UpdateDistributionCommand({ Id: id, IfMatch: current.ETag, DistributionConfig: { ...current.DistributionConfig!, Aliases: { Quantity: 1, Items: ["www.example.com"] } } }));
    expect((await get("/wild", { host: "img.cdn.example.com" })).status).not.toBe(200);
  });
});

describe("cache policies", () => {
  it("a custom cache policy keys by its headers and sets the TTLs; managed ones are listed and cannot be deleted; one in use cannot be deleted", async () => {
    const created = await cf().send(
      new CreateCachePolicyCommand({
        CachePolicyConfig: {
          Name: "by-variant",
          MinTTL: 0,
          DefaultTTL: 30,
          MaxTTL: 60,
          ParametersInCacheKeyAndForwardedToOrigin: {
            EnableAcceptEncodingGzip: true,
            HeadersConfig: { HeaderBehavior: "whitelist", Headers: { Quantity: 1, Items: ["X-Variant"] } },
            CookiesConfig: { CookieBehavior: "none" },
            QueryStringsConfig: { QueryStringBehavior: "none" },
          },
        },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    const policyId = created.CachePolicy!.Id!;
    const c = config("policy-1", [customOrigin("app")]);
    const id = await create({ ...c, DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "allow-all", CachePolicyId: policyId } });
    const a = await get(`/_aws/cloudfront/${id}/variant`, { "x-variant": "a" });
    expect(seen[seen.length - 1]!.headers["x-variant"]).toBe("a");
    expect((await get(`/_aws/cloudfront/${id}/variant`, { "x-variant": "a", "accept-language": "x" })).headers["x-cache"]).toBe("Hit from cloudfront");
    expect((await get(`/_aws/cloudfront/${id}/variant`, { "x-variant": "b" })).headers["x-cache"]).toBe("Miss from cloudfront");
    await ctx.clock.advance(31_000);
    const after = await get(`/_aws/cloudfront/${id}/variant`, { "x-variant": "a" });
    expect(after.headers["x-cache"]).toBe("RefreshHit from cloudfront");
    expect(after.body).toBe(a.body);

    const list = await cf().send(new ListCachePoliciesCommand({}));
    expect(list.CachePolicyList?.Items?.find((i) => i.CachePolicy?.Id === "658327ea-f89d-4fab-a63d-7e88639e58f6")).toMatchObject({ Type: "managed", CachePolicy: { CachePolicyConfig: { Name: "Managed-CachingOptimized", MinTTL: 1, DefaultTTL: 86400 } } });
    expect(list.CachePolicyList?.Items?.find((i) => i.CachePolicy?.Id === policyId)?.Type).toBe("custom");
    const managed = await cf().send(new GetCachePolicyCommand({ Id: "658327ea-f89d-4fab-a63d-7e88639e58f6" }));
    await expectAwsError(cf().send(new DeleteCachePolicyCommand({ Id: "658327ea-f89d-4fab-a63d-7e88639e58f6", IfMatch: managed.ETag })), { name: "IllegalDelete", status: 400 });
    await expectAwsError(cf().send(new DeleteCachePolicyCommand({ Id: policyId, IfMatch: created.ETag })), { name: "CachePolicyInUse", status: 409 });
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: { ...c, CallerReference: "policy-2", DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "allow-all", CachePolicyId: "00000000-0000-0000-0000-000000000000" } } })), {
      name: "NoSuchCachePolicy",
      status: 404,
      message: "The cache policy does not exist.",
    });
    // An id naming an Object.prototype member is no managed policy (it answered 500).
    for (const Id of ["constructor", "__proto__", "toString"]) {
      await expectAwsError(cf().send(new GetCachePolicyCommand({ Id })), { name: "NoSuchCachePolicy", status: 404 });
    }
  });
});
