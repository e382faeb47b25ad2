import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateOriginRequestPolicyCommand,
  CreateResponseHeadersPolicyCommand,
  DeleteOriginRequestPolicyCommand,
  DeleteResponseHeadersPolicyCommand,
  GetDistributionConfigCommand,
  GetOriginRequestPolicyCommand,
  GetOriginRequestPolicyConfigCommand,
  GetResponseHeadersPolicyCommand,
  GetResponseHeadersPolicyConfigCommand,
  ListOriginRequestPoliciesCommand,
  ListResponseHeadersPoliciesCommand,
  UpdateDistributionCommand,
  UpdateOriginRequestPolicyCommand,
  UpdateResponseHeadersPolicyCommand,
  type CacheBehavior,
  type DistributionConfig,
  type OriginRequestPolicyConfig,
  type ResponseHeadersPolicyConfig,
} from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { useOrigin } from "./origin-server.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

const ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
const CORS_S3 = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf";
const SECURITY = "67f7725c-6f97-4210-82d7-5512b31e9d03";
const SIMPLE_CORS = "60669652-455b-4ae9-85a4-c4c02393f86c";
const PREFLIGHT = "5cc3b908-e619-4b99-88e5-2cf7f45965bd";
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

const origin = useOrigin((req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "x-powered-by": "origin", "x-frame-options": "DENY", "cache-control": "max-age=60" });
    res.end(`${req.method} ${req.url}`);
});
const seen = origin.seen;

function distribution(ref: string, behavior: Partial<CacheBehavior>): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "",
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: origin.port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }],
    },
    DefaultCacheBehavior: {
      TargetOriginId: "app",
      ViewerProtocolPolicy: "allow-all",
      CachePolicyId: CACHING_OPTIMIZED,
      AllowedMethods: { Quantity: 3, Items: ["GET", "HEAD", "OPTIONS"], CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } },
      ...behavior,
    },
  };
}

async function create(c: DistributionConfig): Promise<string> {
  return (await cf().send(new CreateDistributionCommand({ DistributionConfig: c }))).Distribution!.Id!;
}

function view(id: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(`/_aws/cloudfront/${id}${path}`, ctx.endpoint), init);
}

const orpConfig = (name: string, header: string): OriginRequestPolicyConfig => ({
  Name: name,
  Comment: "",
  HeadersConfig: { HeaderBehavior: "whitelist", Headers: { Quantity: 1, Items: [header] } },
  CookiesConfig: { CookieBehavior: "whitelist", Cookies: { Quantity: 1, Items: ["session"] } },
  QueryStringsConfig: { QueryStringBehavior: "allExcept", QueryStrings: { Quantity: 1, Items: ["secret"] } },
});

const rhpConfig = (name: string): ResponseHeadersPolicyConfig => ({
  Name: name,
  Comment: "mine",
  SecurityHeadersConfig: {
    FrameOptions: { Override: false, FrameOption: "SAMEORIGIN" },
    ContentTypeOptions: { Override: true },
    StrictTransportSecurity: { Override: true, AccessControlMaxAgeSec: 600, IncludeSubdomains: true },
  },
  CustomHeadersConfig: { Quantity: 1, Items: [{ Header: "X-Team", Value: "edge", Override: false }] },
  RemoveHeadersConfig: { Quantity: 1, Items: [{ Header: "X-Powered-By" }] },
  CorsConfig: {
    AccessControlAllowOrigins: { Quantity: 1, Items: ["https://app.example.com"] },
    AccessControlAllowHeaders: { Quantity: 1, Items: ["x-token"] },
    AccessControlAllowMethods: { Quantity: 2, Items: ["GET", "POST"] },
    AccessControlAllowCredentials: true,
    AccessControlMaxAgeSec: 300,
    OriginOverride: true,
  },
});

describe("origin-request policies as resources", () => {
  it("lists and gets the managed ones under their real ids; they cannot be changed or deleted", async () => {
    const managed = await cf().send(new ListOriginRequestPoliciesCommand({ Type: "managed" }));
    const names = Object.fromEntries((managed.OriginRequestPolicyList!.Items ?? []).map((p) => [p.OriginRequestPolicy!.Id!, p.OriginRequestPolicy!.OriginRequestPolicyConfig!.Name]));
    expect(names[ALL_VIEWER]).toBe("Managed-AllViewer");
    expect(names[CORS_S3]).toBe("Managed-CORS-S3Origin");
    const got = await cf().send(new GetOriginRequestPolicyCommand({ Id: ALL_VIEWER }));
    expect(got.OriginRequestPolicy!.OriginRequestPolicyConfig!.HeadersConfig!.HeaderBehavior).toBe("allViewer");
    await expectAwsError(cf().send(new DeleteOriginRequestPolicyCommand({ Id: ALL_VIEWER, IfMatch: got.ETag })), { name: "IllegalDelete", status: 400 });
    await expectAwsError(cf().send(new GetOriginRequestPolicyCommand({ Id: "00000000-0000-0000-0000-000000000000" })), { name: "NoSuchOriginRequestPolicy", status: 404 });
  });

  it("creates, updates behind If-Match, refuses a taken name and a use in a distribution, then deletes", async () => {
    const created = await cf().send(new CreateOriginRequestPolicyCommand({ OriginRequestPolicyConfig: orpConfig("fwd-a", "X-Trace") }));
    const id = created.OriginRequestPolicy!.Id!;
    expect(created.Location).toContain(`/origin-request-policy/${id}`);
    await expectAwsError(cf().send(new CreateOriginRequestPolicyCommand({ OriginRequestPolicyConfig: orpConfig("fwd-a", "X-Other") })), { name: "OriginRequestPolicyAlreadyExists", status: 409 });
    await expectAwsError(cf().send(new CreateOriginRequestPolicyCommand({ OriginRequestPolicyConfig: orpConfig("Managed-AllViewer", "X-Other") })), { name: "OriginRequestPolicyAlreadyExists" });
    const config = await cf().send(new GetOriginRequestPolicyConfigCommand({ Id: id }));
    expect(config.ETag).toBe(created.ETag);
    await expectAwsError(cf().send(new UpdateOriginRequestPolicyCommand({ Id: id, OriginRequestPolicyConfig: orpConfig("fwd-a", "X-Trace") })), { name: "InvalidIfMatchVersion", status: 400 });
    await expectAwsError(cf().send(new UpdateOriginRequestPolicyCommand({ Id: id, IfMatch: "EWRONG", OriginRequestPolicyConfig: orpConfig("fwd-a", "X-Trace") })), { name: "PreconditionFailed", status: 412 });
    const updated = await cf().send(new UpdateOriginRequestPolicyCommand({ Id: id, IfMatch: created.ETag, OriginRequestPolicyConfig: orpConfig("fwd-a", "X-Trace-2") }));
    expect(updated.ETag).not.toBe(created.ETag);
    const custom = await cf().send(new ListOriginRequestPoliciesCommand({ Type: "custom" }));
    expect(custom.OriginRequestPolicyList!.Items!.map((p) => p.OriginRequestPolicy!.Id)).toContain(id);

    await expectAwsError(create(distribution("orp-missing", { OriginRequestPolicyId: "11111111-1111-1111-1111-111111111111" })), { name: "NoSuchOriginRequestPolicy", status: 404 });
    const dist = await create(distribution("orp-used", { OriginRequestPolicyId: id }));
    await expectAwsError(cf().send(new DeleteOriginRequestPolicyCommand({ Id: id, IfMatch: updated.ETag })), { name: "OriginRequestPolicyInUse", status: 409 });
    const dc = await cf().send(new GetDistributionConfigCommand({ Id: dist }));
    const freed = { ...dc.DistributionConfig!, DefaultCacheBehavior: { ...dc.DistributionConfig!.DefaultCacheBehavior!, OriginRequestPolicyId: undefined } };
    await cf().send(new UpdateDistributionCommand({ Id: dist, IfMatch: dc.ETag, DistributionConfig: freed }));
    await cf().send(new DeleteOriginRequestPolicyCommand({ Id: id, IfMatch: updated.ETag }));
    await expectAwsError(cf().send(new GetOriginRequestPolicyCommand({ Id: id })), { name: "NoSuchOriginRequestPolicy" });
  });

  it("refuses malformed configs with a 400, not a server error", async () => {
    const bad = { ...orpConfig("fwd-bad", "X-A"), HeadersConfig: { HeaderBehavior: "everything" } } as unknown as OriginRequestPolicyConfig;
    // An unknown enum value is refused from AWS's model before the handler (core's check).
    await expectAwsError(cf().send(new CreateOriginRequestPolicyCommand({ OriginRequestPolicyConfig: bad })), { status: 400 });
    // A missing required member is refused from AWS's model before the handler (core's check).
    await expectAwsError(cf().send(new CreateOriginRequestPolicyCommand({} as never)), { status: 400 });
    const cors = { Name: "rh-bad", CorsConfig: { AccessControlAllowOrigins: { Quantity: 1, Items: ["*"] } } } as unknown as ResponseHeadersPolicyConfig;
    await expectAwsError(cf().send(new CreateResponseHeadersPolicyCommand({ ResponseHeadersPolicyConfig: cors })), { status: 400 });
    const quantities = { ...rhpConfig("rh-q"), CustomHeadersConfig: { Quantity: 2, Items: [{ Header: "X-A", Value: "1", Override: false }] } };
    await expectAwsError(cf().send(new CreateResponseHeadersPolicyCommand({ ResponseHeadersPolicyConfig: quantities })), { name: "InconsistentQuantities", status: 400 });
    await expectAwsError(cf().send(new GetOriginRequestPolicyCommand({ Id: "constructor" })), { name: "NoSuchOriginRequestPolicy" });
  });

  it("forwards the policy's headers, cookies and query strings to the origin without keying the cache by them", async () => {
    const created = await cf().send(new CreateOriginRequestPolicyCommand({ OriginRequestPolicyConfig: orpConfig("fwd-serve", "X-Trace") }));
    const dist = await create(distribution("orp-serve", { OriginRequestPolicyId: created.OriginRequestPolicy!.Id! }));
    const first = await view(dist, "/p?a=1&secret=2", { headers: { "x-trace": "t1", "x-other": "o", cookie: "session=s1; other=x" } });
    expect(first.headers.get("x-cache")).toBe("Miss from cloudfront");
    const sent = seen[seen.length - 1]!;
    expect(sent.url).toBe("/p?a=1");
    expect(sent.headers["x-trace"]).toBe("t1");
    expect(sent.headers["x-other"]).toBeUndefined();
    expect(sent.headers.cookie).toBe("session=s1");
    // Not in the key (CachingOptimized keys by nothing): another trace value is a hit.
    const second = await view(dist, "/p?a=9", { headers: { "x-trace": "t2", cookie: "session=s2" } });
    expect(second.headers.get("x-cache")).toBe("Hit from cloudfront");
    await second.text();
    await first.text();
  });

  it("forwards every viewer header with Managed-AllViewer", async () => {
    const dist = await create(distribution("orp-all-viewer", { OriginRequestPolicyId: ALL_VIEWER }));
    const res = await view(dist, "/all", { headers: { "x-anything": "yes", cookie: "k=v" } });
    await res.text();
    const sent = seen[seen.length - 1]!;
    expect(sent.headers["x-anything"]).toBe("yes");
    expect(sent.headers.cookie).toBe("k=v");
  });
});

describe("response-headers policies as resources", () => {
  it("lists and gets the managed ones under their real ids", async () => {
    const list = await cf().send(new ListResponseHeadersPoliciesCommand({ Type: "managed" }));
    const names = Object.fromEntries((list.ResponseHeadersPolicyList!.Items ?? []).map((p) => [p.ResponseHeadersPolicy!.Id!, p.ResponseHeadersPolicy!.ResponseHeadersPolicyConfig!.Name]));
    expect(names[SECURITY]).toBe("Managed-SecurityHeadersPolicy");
    expect(names[SIMPLE_CORS]).toBe("Managed-SimpleCORS");
    expect(names[PREFLIGHT]).toBe("Managed-CORS-With-Preflight");
    const got = await cf().send(new GetResponseHeadersPolicyConfigCommand({ Id: SECURITY }));
    expect(got.ResponseHeadersPolicyConfig!.SecurityHeadersConfig!.FrameOptions!.FrameOption).toBe("SAMEORIGIN");
    await expectAwsError(cf().send(new UpdateResponseHeadersPolicyCommand({ Id: SECURITY, IfMatch: got.ETag, ResponseHeadersPolicyConfig: rhpConfig("x") })), { name: "IllegalUpdate" });
    await expectAwsError(cf().send(new GetResponseHeadersPolicyCommand({ Id: "nope" })), { name: "NoSuchResponseHeadersPolicy", status: 404 });
  });

  it("creates, updates behind If-Match, refuses a taken name and deleting one in use", async () => {
    const created = await cf().send(new CreateResponseHeadersPolicyCommand({ ResponseHeadersPolicyConfig: rhpConfig("rh-a") }));
    const id = created.ResponseHeadersPolicy!.Id!;
    expect(created.ResponseHeadersPolicy!.ResponseHeadersPolicyConfig!.CustomHeadersConfig!.Items![0]!.Header).toBe("X-Team");
    await expectAwsError(cf().send(new CreateResponseHeadersPolicyCommand({ ResponseHeadersPolicyConfig: rhpConfig("rh-a") })), { name: "ResponseHeadersPolicyAlreadyExists", status: 409 });
    await expectAwsError(cf().send(new DeleteResponseHeadersPolicyCommand({ Id: id })), { name: "InvalidIfMatchVersion" });
    const updated = await cf().send(new UpdateResponseHeadersPolicyCommand({ Id: id, IfMatch: created.ETag, ResponseHeadersPolicyConfig: { ...rhpConfig("rh-a"), Comment: "changed" } }));
    expect((await cf().send(new GetResponseHeadersPolicyCommand({ Id: id }))).ResponseHeadersPolicy!.ResponseHeadersPolicyConfig!.Comment).toBe("changed");
    await create(distribution("rh-used", { ResponseHeadersPolicyId: id }));
    await expectAwsError(cf().send(new DeleteResponseHeadersPolicyCommand({ Id: id, IfMatch: updated.ETag })), { name: "ResponseHeadersPolicyInUse", status: 409 });
    await expectAwsError(create(distribution("rh-missing", { ResponseHeadersPolicyId: "22222222-2222-2222-2222-222222222222" })), { name: "NoSuchResponseHeadersPolicy" });
  });

  it("adds security, custom and CORS headers to responses, honours Override and removes headers", async () => {
    const created = await cf().send(new CreateResponseHeadersPolicyCommand({ ResponseHeadersPolicyConfig: rhpConfig("rh-serve") }));
    const dist = await create(distribution("rh-serve", { ResponseHeadersPolicyId: created.ResponseHeadersPolicy!.Id! }));
    const plain = await view(dist, "/x");
    await plain.text();
    expect(plain.headers.get("x-frame-options")).toBe("DENY"); // the origin's, Override false
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("strict-transport-security")).toBe("max-age=600; includeSubDomains");
    expect(plain.headers.get("x-team")).toBe("edge");
    expect(plain.headers.get("x-powered-by")).toBeNull();
    expect(plain.headers.get("access-control-allow-origin")).toBeNull(); // no Origin: not a CORS request
    const cors = await view(dist, "/x", { headers: { origin: "https://app.example.com" } });
    await cors.text();
    expect(cors.headers.get("x-cache")).toBe("Hit from cloudfront");
    expect(cors.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(cors.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await view(dist, "/x", { headers: { origin: "https://evil.example.com" } });
    await other.text();
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await view(dist, "/x", { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } });
    await preflight.text();
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("x-token");
    expect(preflight.headers.get("access-control-max-age")).toBe("300");
  });

  it("applies the managed SecurityHeadersPolicy and SimpleCORS", async () => {
    const sec = await create(distribution("rh-managed-sec", { ResponseHeadersPolicyId: SECURITY }));
    const res = await view(sec, "/s");
    await res.text();
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-xss-protection")).toBe("1; mode=block");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const simple = await create(distribution("rh-managed-cors", { ResponseHeadersPolicyId: SIMPLE_CORS }));
    const c = await view(simple, "/c", { headers: { origin: "https://any.example" } });
    await c.text();
    expect(c.headers.get("access-control-allow-origin")).toBe("*");
  });
});
