/**
 * The seed use cases, each as a user would build it: security headers (viewer-response),
 * bot blocking, A/B testing through a KeyValueStore and a cookie, a JWT (HMAC, secret in the
 * KeyValueStore, expiry on the virtual clock), SPA rewrites and a tracking cookie.
 */
import { CloudFrontClient, CreateDistributionCommand, CreateFunctionCommand, CreateKeyValueStoreCommand, PublishFunctionCommand, type FunctionAssociation } from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const SECRET = "kvs-held-secret";
let origin: Server;
let port = 0;
let kvsArn = "";

async function fn(Name: string, code: string, kvs = false): Promise<string> {
  const created = await cf().send(
    new CreateFunctionCommand({ Name, FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0", ...(kvs ? { KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: kvsArn }] } } : {}) }, FunctionCode: new TextEncoder().encode(code) }),
  );
  await cf().send(new PublishFunctionCommand({ Name, IfMatch: created.ETag }));
  return created.FunctionSummary!.FunctionMetadata!.FunctionARN!;
}

async function distribution(ref: string, associations: FunctionAssociation[], cachePolicy = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"): Promise<(path: string, headers?: Record<string, string>) => Promise<Response>> {
  const out = await cf().send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: ref,
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }] },
        DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "redirect-to-https", CachePolicyId: cachePolicy, FunctionAssociations: { Quantity: associations.length, Items: associations } },
      },
    }),
  );
  const id = out.Distribution!.Id!;
  return (path, headers = {}) => fetch(`${ctx.endpoint}/_aws/cloudfront/${id}${path}`, { headers, redirect: "manual" });
}

function jwt(payload: Record<string, unknown>, secret = SECRET): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

beforeAll(async () => {
  origin = createServer((req, res) => res.end(`origin ${req.url}`));
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  port = (origin.address() as AddressInfo).port;
  const s3 = ctx.client(S3Client);
  await s3.send(new CreateBucketCommand({ Bucket: "scenario-kvs" }));
  await s3.send(new PutObjectCommand({ Bucket: "scenario-kvs", Key: "kvs.json", Body: JSON.stringify({ data: [{ key: "jwt-secret", value: SECRET }, { key: "experiment", value: "b" }] }) }));
  kvsArn = (await cf().send(new CreateKeyValueStoreCommand({ Name: "scenarios", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::scenario-kvs/kvs.json" } }))).KeyValueStore!.ARN!;
});

afterAll(async () => {
  await new Promise<void>((resolve) => origin.close(() => resolve()));
});

describe("edge scenarios", () => {
  it("security headers: a viewer-response function adds them on misses and hits", async () => {
    const arn = await fn("security-headers", `function handler(event) {
  const h = event.response.headers;
  h['strict-transport-security'] = { value: 'max-age=63072000; includeSubDomains; preload' };
  h['x-content-type-options'] = { value: 'nosniff' };
  h['x-frame-options'] = { value: 'DENY' };
  return event.response;
}`);
    const get = await distribution("sec", [{ FunctionARN: arn, EventType: "viewer-response" }], "658327ea-f89d-4fab-a63d-7e88639e58f6");
    for (const cache of ["Miss", "Hit"]) {
      const res = await get("/page");
      expect(res.headers.get("x-cache")).toBe(`${cache} from cloudfront`);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains; preload");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("bot blocking and SPA rewrites in one viewer-request function", async () => {
    const arn = await fn("bots-and-spa", `function handler(event) {
  const r = event.request;
  const ua = (r.headers['user-agent'] && r.headers['user-agent'].value) || '';
  if (/BadBot|scrapy/i.test(ua)) return { statusCode: 403, statusDescription: 'Forbidden', body: 'no bots' };
  if (!r.uri.includes('.') && !r.uri.startsWith('/api/')) r.uri = '/index.html';
  return r;
}`);
    const get = await distribution("bots", [{ FunctionARN: arn, EventType: "viewer-request" }]);
    const blocked = await get("/", { "user-agent": "Mozilla/5.0 (compatible; BadBot/1.0)" });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toBe("no bots");
    expect(blocked.headers.get("x-cache")).toBe("FunctionGeneratedResponse from cloudfront");
    expect(await (await get("/deep/route")).text()).toBe("origin /index.html");
    expect(await (await get("/api/items")).text()).toBe("origin /api/items");
    expect(await (await get("/app.js")).text()).toBe("origin /app.js");
  });

  it("A/B testing: the experiment's variant from the KeyValueStore, sticky through a cookie", async () => {
    const arn = await fn(
      "ab-test",
      `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  const r = event.request;
  const variant = r.cookies.variant ? r.cookies.variant.value : await kvs.get('experiment');
  r.uri = '/' + variant + r.uri;
  return r;
}`,
      true,
    );
    const get = await distribution("ab", [{ FunctionARN: arn, EventType: "viewer-request" }]);
    expect(await (await get("/home")).text()).toBe("origin /b/home");
    expect(await (await get("/home", { cookie: "variant=a" })).text()).toBe("origin /a/home");
  });

  it("JWT: HMAC checked with the KeyValueStore's secret; expiry follows the virtual clock", async () => {
    const arn = await fn(
      "jwt",
      `import cf from 'cloudfront';
import crypto from 'crypto';
const kvs = cf.kvs();
function deny(why) { return { statusCode: 401, statusDescription: 'Unauthorized', body: why }; }
async function handler(event) {
  const auth = event.request.headers.authorization;
  if (!auth) return deny('missing');
  const parts = auth.value.replace('Bearer ', '').split('.');
  if (parts.length !== 3) return deny('malformed');
  const secret = await kvs.get('jwt-secret');
  const sig = crypto.createHmac('sha256', secret).update(parts[0] + '.' + parts[1]).digest('base64url');
  if (sig !== parts[2]) return deny('signature');
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  if (claims.exp * 1000 < Date.now()) return deny('expired');
  return event.request;
}`,
      true,
    );
    const get = await distribution("jwt", [{ FunctionARN: arn, EventType: "viewer-request" }]);
    const exp = Math.floor(ctx.clock.now().getTime() / 1000) + 60;
    const token = jwt({ sub: "ana", exp });
    expect(await (await get("/private", { authorization: `Bearer ${token}` })).text()).toBe("origin /private");
    const forged = await get("/private", { authorization: `Bearer ${jwt({ sub: "ana", exp }, "wrong")}` });
    expect([forged.status, await forged.text()]).toEqual([401, "signature"]);
    expect(await (await get("/private")).text()).toBe("missing");
    await ctx.clock.advance(61_000);
    const expired = await get("/private", { authorization: `Bearer ${token}` });
    expect([expired.status, await expired.text()]).toEqual([401, "expired"]);
  });

  it("a tracking cookie set by a viewer-response function when the viewer has none", async () => {
    const arn = await fn("tracking", `function handler(event) {
  const res = event.response;
  if (!event.request.cookies.tid) res.cookies.tid = { value: event.context.requestId.slice(0, 12), attributes: 'Path=/; Max-Age=31536000; Secure; HttpOnly' };
  return res;
}`);
    const get = await distribution("tracking", [{ FunctionARN: arn, EventType: "viewer-response" }]);
    const fresh = await get("/");
    expect(fresh.headers.get("set-cookie")).toBe(`tid=${fresh.headers.get("x-amz-cf-id")!.slice(0, 12)}; Path=/; Max-Age=31536000; Secure; HttpOnly`);
    expect((await get("/", { cookie: "tid=known" })).headers.get("set-cookie")).toBeNull();
  });
});
