import { CloudFrontClient, CreateDistributionCommand, type DistributionConfig, type LambdaFunctionAssociation } from "@aws-sdk/client-cloudfront";
import { LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { request, type IncomingHttpHeaders } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createFn } from "../runtime/fixtures.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const s3 = (): S3Client => ctx.client(S3Client);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, ctx.endpoint), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** One function for the four events, switching on the event type and the URI. */
const handler = `
let originResponses = 0;
const h = (key, value) => [{ key, value }];
exports.handler = async (event) => {
  const cf = event.Records[0].cf;
  const req = cf.request;
  switch (cf.config.eventType) {
    case "viewer-request":
      if (req.uri === "/vr/generate") return { status: "200", statusDescription: "OK", headers: { "content-type": h("Content-Type", "text/plain") }, body: "generated at viewer" };
      if (req.uri === "/vr/throw") throw new Error("boom");
      if (req.uri === "/vr/bad-status") return { status: "999" };
      if (req.uri === "/vr/host") { req.headers.host = h("Host", "evil.example"); return req; }
      if (req.uri === "/vr/cf-header") { req.headers["x-amz-cf-id"] = h("X-Amz-Cf-Id", "forged"); return req; }
      if (req.uri === "/vr/big") return { status: "200", body: "x".repeat(41 * 1024) };
      if (req.uri.startsWith("/vr/")) req.uri = "/rewritten/" + req.uri.slice(4);
      req.headers["x-from-viewer"] = h("X-From-Viewer", "yes");
      return req;
    case "origin-request":
      if (req.uri === "/or/event") return { status: "200", headers: { "cache-control": h("Cache-Control", "max-age=100"), "content-type": h("Content-Type", "application/json") }, body: JSON.stringify(event) };
      return req;
    case "origin-response": {
      originResponses++;
      const res = cf.response;
      if (res.status === "403" && req.uri.endsWith(".png")) {
        return { status: "200", statusDescription: "OK", headers: { "cache-control": h("Cache-Control", "max-age=31536000"), "content-type": h("Content-Type", "image/png") }, bodyEncoding: "base64", body: Buffer.from("made " + req.uri).toString("base64") };
      }
      res.headers["x-origin-responses"] = h("X-Origin-Responses", String(originResponses));
      return res;
    }
    case "viewer-response": {
      const res = cf.response;
      res.status = "201";
      res.headers["x-viewer"] = h("X-Viewer", "seen " + req.uri);
      return res;
    }
  }
};`;

let id = "";
let versionArn = "";
let fnName = "";

function config(ref: string, associations: LambdaFunctionAssociation[]): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "",
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "edge-fns.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
    DefaultCacheBehavior: {
      TargetOriginId: "s3",
      ViewerProtocolPolicy: "allow-all",
      MinTTL: 0,
      DefaultTTL: 60,
      MaxTTL: 31536000,
      ForwardedValues: { QueryString: true, Cookies: { Forward: "none" } },
      LambdaFunctionAssociations: { Quantity: associations.length, Items: associations },
    },
  };
}

const all = (arn: string): LambdaFunctionAssociation[] =>
  (["viewer-request", "origin-request", "origin-response", "viewer-response"] as const).map((EventType) => ({ LambdaFunctionARN: arn, EventType, IncludeBody: EventType === "origin-request" }));

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket: "edge-fns" }));
  await s3().send(new PutObjectCommand({ Bucket: "edge-fns", Key: "page.txt", Body: "page", ContentType: "text/plain" }));
  await s3().send(new PutObjectCommand({ Bucket: "edge-fns", Key: "rewritten/a.txt", Body: "rewritten a", ContentType: "text/plain" }));
  fnName = await createFn(lambda(), handler, { Timeout: 5 });
  versionArn = (await lambda().send(new PublishVersionCommand({ FunctionName: fnName }))).FunctionArn!;
  id = (await cf().send(new CreateDistributionCommand({ DistributionConfig: config("lambda-edge", all(versionArn)) }))).Distribution!.Id!;
}, 60_000);

describe("Lambda@Edge associations", () => {
  it("needs a numbered version of an existing us-east-1 function (AWS's InvalidLambdaFunctionAssociation texts)", async () => {
    const unversioned = versionArn.replace(/:\d+$/, "");
    for (const arn of [`${unversioned}:$LATEST`, unversioned]) {
      await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: config(`bad-${arn}`, [{ LambdaFunctionARN: arn, EventType: "viewer-request" }]) })), {
        name: "InvalidLambdaFunctionAssociation",
        status: 400,
        message: `The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}`,
      });
    }
    const west = versionArn.replace("us-east-1", "eu-west-1");
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: config("bad-region", [{ LambdaFunctionARN: west, EventType: "origin-request" }]) })), {
      name: "InvalidLambdaFunctionAssociation",
      message: `The function must be in region 'us-east-1'. ARN: ${west}`,
    });
    const missing = `${unversioned}:42`;
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: config("bad-version", [{ LambdaFunctionARN: missing, EventType: "origin-request" }]) })), {
      name: "InvalidLambdaFunctionAssociation",
      message: `Lambda@Edge cannot retrieve the specified Lambda function. Update the IAM policy to add permission: lambda:GetFunction for resource: ${missing} and try again.`,
    });
  });
});

describe("Lambda@Edge events", () => {
  it("viewer-request rewrites the URI and headers; origin-response and viewer-response run; invocations of origin events = misses", async () => {
    const miss = await get(`/_aws/cloudfront/${id}/vr/a.txt`);
    expect(miss.status).toBe(200);
    expect(miss.body).toBe("rewritten a");
    expect(miss.headers["x-cache"]).toBe("Miss from cloudfront");
    expect(miss.headers["x-origin-responses"]).toBeDefined();
    // viewer-response cannot change the status.
    expect(miss.headers["x-viewer"]).toBe("seen /rewritten/a.txt");
    const hit = await get(`/_aws/cloudfront/${id}/vr/a.txt`);
    expect(hit.status).toBe(200);
    expect(hit.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(hit.headers["x-origin-responses"]).toBe(miss.headers["x-origin-responses"]);
    expect(hit.headers["x-viewer"]).toBe("seen /rewritten/a.txt");
  });

  it("origin-response replaces an S3 403 with a generated body, cached for its Cache-Control: the second request is a Hit, no new invocation", async () => {
    const made = await get(`/_aws/cloudfront/${id}/img/cat.png`);
    expect(made.status).toBe(200);
    expect(made.body).toBe("made /img/cat.png");
    expect(made.headers["content-type"]).toBe("image/png");
    await ctx.clock.advance(3_600_000);
    const again = await get(`/_aws/cloudfront/${id}/img/cat.png`);
    expect(again.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(again.headers.age).toBe("3600");
  });

  it("gives origin-request AWS's event shape; a response generated there is cached", async () => {
    const first = await get(`/_aws/cloudfront/${id}/or/event?a=1&b=2`, { "user-agent": "test-agent", cookie: "x=1; y=2" });
    expect(first.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    const event = JSON.parse(first.body) as { Records: { cf: Record<string, Record<string, unknown>> }[] };
    const c = event.Records[0]!.cf;
    expect(c.config).toEqual({ distributionDomainName: expect.stringMatching(/^d[a-z0-9]{13}\.cloudfront\.net$/), distributionId: id, eventType: "origin-request", requestId: first.headers["x-amz-cf-id"] });
    expect(c.request).toMatchObject({ clientIp: "127.0.0.1", method: "GET", uri: "/or/event", querystring: "a=1&b=2" });
    expect((c.request!.headers as Record<string, unknown>)["user-agent"]).toEqual([{ key: "User-Agent", value: "Amazon CloudFront" }]);
    expect(c.request!.body).toEqual({ inputTruncated: false, action: "read-only", encoding: "base64", data: "" });
    expect(c.request!.origin).toEqual({ s3: { authMethod: "none", customHeaders: {}, domainName: "edge-fns.s3.us-east-1.amazonaws.com", path: "", region: "us-east-1" } });
    const second = await get(`/_aws/cloudfront/${id}/or/event?a=1&b=2`);
    expect(second.headers["x-cache"]).toBe("Hit from cloudfront");
    expect(second.body).toBe(first.body);
  });

  it("a response generated at viewer-request is not cached", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get(`/_aws/cloudfront/${id}/vr/generate`);
      expect(res.status).toBe(200);
      expect(res.body).toBe("generated at viewer");
      expect(res.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    }
  });

  it("a throw → 503 LambdaExecutionError; an invalid status, a read-only or disallowed header, a body over 40 KB → 502 LambdaValidationError", async () => {
    const thrown = await get(`/_aws/cloudfront/${id}/vr/throw`);
    expect(thrown.status).toBe(503);
    expect(thrown.headers["x-cache"]).toBe("LambdaExecutionError from cloudfront");
    expect(thrown.body).toContain("The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions.");
    for (const path of ["bad-status", "host", "cf-header", "big"]) {
      const res = await get(`/_aws/cloudfront/${id}/vr/${path}`);
      expect(res.status, path).toBe(502);
      expect(res.headers["x-cache"], path).toBe("LambdaValidationError from cloudfront");
    }
    expect((await get(`/_aws/cloudfront/${id}/page.txt`)).status).toBe(200);
  });
});
