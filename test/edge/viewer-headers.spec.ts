import {
  CloudFrontClient,
  CreateCachePolicyCommand,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateOriginRequestPolicyCommand,
  PublishFunctionCommand,
  type CacheBehavior,
  type DistributionConfig,
} from "@aws-sdk/client-cloudfront";
import { LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { useOrigin } from "./origin-server.js";
import { createFn } from "../runtime/fixtures.js";

// The viewer's geo comes from the config file (country DE here; the default is US).
const dir = mkdtempSync(join(tmpdir(), "la-edge-viewer-"));
writeFileSync(join(dir, "local-aws.json"), JSON.stringify({ cloudfront: { viewer: { country: "DE", city: "Berlin" } } }));
const ctx = useServer({ config: join(dir, "local-aws.json") });
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

const origin = useOrigin((req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "max-age=60" });
    res.end(`country ${String(req.headers["cloudfront-viewer-country"])}`);
});
const seen = origin.seen;

function distribution(ref: string, behavior: Partial<CacheBehavior>): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "",
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: origin.port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }] },
    DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "allow-all", CachePolicyId: CACHING_OPTIMIZED, ...behavior },
  };
}

async function create(c: DistributionConfig): Promise<string> {
  return (await cf().send(new CreateDistributionCommand({ DistributionConfig: c }))).Distribution!.Id!;
}

function view(id: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(`/_aws/cloudfront/${id}${path}`, ctx.endpoint), { headers });
}

const lastSeen = (url: string) => seen.filter((s) => s.url === url).at(-1)!;

async function originRequestPolicy(name: string, headers: string[]): Promise<string> {
  const out = await cf().send(
    new CreateOriginRequestPolicyCommand({
      OriginRequestPolicyConfig: {
        Name: name,
        HeadersConfig: { HeaderBehavior: "whitelist", Headers: { Quantity: headers.length, Items: headers } },
        CookiesConfig: { CookieBehavior: "none" },
        QueryStringsConfig: { QueryStringBehavior: "none" },
      },
    }),
  );
  return out.OriginRequestPolicy!.Id!;
}

describe("CloudFront-Viewer-* and CloudFront-Is-*-Viewer headers", () => {
  it("reach the origin only when an origin-request policy names them, geo from the config file, device from User-Agent", async () => {
    const orp = await originRequestPolicy("viewer-geo", ["CloudFront-Viewer-Country", "CloudFront-Is-Mobile-Viewer", "CloudFront-Viewer-City"]);
    const named = await create(distribution("named", { OriginRequestPolicyId: orp }));
    const plain = await create(distribution("plain", {}));

    expect((await view(named, "/a", { "user-agent": IPHONE })).status).toBe(200);
    const a = lastSeen("/a").headers;
    expect(a["cloudfront-viewer-country"]).toBe("DE");
    expect(a["cloudfront-viewer-city"]).toBe("Berlin");
    expect(a["cloudfront-is-mobile-viewer"]).toBe("true");
    // Not named: not added.
    expect(a["cloudfront-is-desktop-viewer"]).toBeUndefined();
    expect(a["cloudfront-viewer-address"]).toBeUndefined();

    await view(named, "/b", { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0" });
    expect(lastSeen("/b").headers["cloudfront-is-mobile-viewer"]).toBe("false");

    // No policy names them: none reaches the origin, and a viewer cannot forge them.
    await view(plain, "/c", { "user-agent": IPHONE, "cloudfront-viewer-country": "FR" });
    const c = lastSeen("/c").headers;
    expect(c["cloudfront-viewer-country"]).toBeUndefined();
    expect(c["cloudfront-is-mobile-viewer"]).toBeUndefined();
    await view(named, "/d", { "cloudfront-viewer-country": "FR" });
    expect(lastSeen("/d").headers["cloudfront-viewer-country"]).toBe("DE");
  });

  it("the cache keys on CloudFront-Viewer-Country when a cache policy names it (and forwards it)", async () => {
    const policy = await cf().send(
      new CreateCachePolicyCommand({
        CachePolicyConfig: {
          Name: "by-country",
          MinTTL: 1,
          DefaultTTL: 60,
          MaxTTL: 3600,
          ParametersInCacheKeyAndForwardedToOrigin: {
            EnableAcceptEncodingGzip: false,
            HeadersConfig: { HeaderBehavior: "whitelist", Headers: { Quantity: 1, Items: ["CloudFront-Viewer-Country"] } },
            CookiesConfig: { CookieBehavior: "none" },
            QueryStringsConfig: { QueryStringBehavior: "none" },
          },
        },
      }),
    );
    const id = await create(distribution("keyed", { CachePolicyId: policy.CachePolicy!.Id! }));
    const first = await view(id, "/k");
    expect(first.headers.get("x-cache")).toBe("Miss from cloudfront");
    expect(await first.text()).toBe("country DE");
    expect(lastSeen("/k").headers["cloudfront-viewer-country"]).toBe("DE");
    // The viewer's own copy is replaced, so the key (DE) is the same: a hit.
    const second = await view(id, "/k", { "cloudfront-viewer-country": "FR" });
    expect(second.headers.get("x-cache")).toBe("Hit from cloudfront");
    expect(await second.text()).toBe("country DE");
    expect(seen.filter((s) => s.url === "/k")).toHaveLength(1);
  });

  it("are in a Lambda@Edge origin-request event, not in its viewer-request event", async () => {
    const source = `
exports.handler = async (event) => {
  const cf = event.Records[0].cf;
  const req = cf.request;
  const country = req.headers["cloudfront-viewer-country"];
  if (cf.config.eventType === "viewer-request") {
    req.headers["x-viewer-request-saw"] = [{ key: "X-Viewer-Request-Saw", value: country ? country[0].value : "none" }];
    return req;
  }
  return { status: "200", headers: { "cache-control": [{ key: "Cache-Control", value: "max-age=0" }] },
    body: JSON.stringify({ viewerRequest: req.headers["x-viewer-request-saw"] ? req.headers["x-viewer-request-saw"][0].value : "?", originRequest: country ? country[0].value : "none" }) };
};`;
    const name = await createFn(lambda(), source, { Timeout: 5 });
    const arn = (await lambda().send(new PublishVersionCommand({ FunctionName: name }))).FunctionArn!;
    const orp = await originRequestPolicy("viewer-geo-lambda", ["CloudFront-Viewer-Country", "X-Viewer-Request-Saw"]);
    const id = await create(
      distribution("lambda", {
        OriginRequestPolicyId: orp,
        LambdaFunctionAssociations: {
          Quantity: 2,
          Items: [
            { LambdaFunctionARN: arn, EventType: "viewer-request" },
            { LambdaFunctionARN: arn, EventType: "origin-request" },
          ],
        },
      }),
    );
    const res = await view(id, "/l");
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ viewerRequest: "none", originRequest: "DE" });
  });

  it("are in a CloudFront Function's viewer-request event when a policy names them", async () => {
    const code = `async function handler(event) {
  var r = event.request;
  var c = r.headers["cloudfront-viewer-country"];
  r.headers["x-function-saw"] = { value: c ? c.value : "none" };
  return r;
}`;
    const created = await cf().send(new CreateFunctionCommand({ Name: "saw-country", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0" }, FunctionCode: new TextEncoder().encode(code) }));
    await cf().send(new PublishFunctionCommand({ Name: "saw-country", IfMatch: created.ETag }));
    const FunctionARN = created.FunctionSummary!.FunctionMetadata!.FunctionARN;
    const orp = await originRequestPolicy("viewer-geo-function", ["CloudFront-Viewer-Country", "X-Function-Saw"]);
    const id = await create(distribution("function", { OriginRequestPolicyId: orp, FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN, EventType: "viewer-request" }] } }));
    expect((await view(id, "/f")).status).toBe(200);
    expect(lastSeen("/f").headers["x-function-saw"]).toBe("DE");
  });
});
