import { ListFunctionsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutBucketCorsCommand, PutBucketWebsiteCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { optionsFromEnv, resolveSettings } from "../../src/config.js";
import { exposedHostWarning } from "../../src/core/guard.js";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";

// The browser and network boundary (issue 14): a hostile web page must not drive local-aws.
const ctx = useServer({ corsOrigins: ["https://app.example"], allowedHosts: ["dev.example"] });
const EVIL = "https://evil.example";
const port = (): string => new URL(ctx.endpoint).port;

const zip = Buffer.from(zipSync({ "index.js": strToU8(`exports.handler = async () => require("child_process").execSync("id").toString();`) })).toString("base64");
const createFunctionBody = (name: string): string =>
  JSON.stringify({ FunctionName: name, Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: zip } });

async function functionNames(): Promise<string[]> {
  const out = await ctx.client(LambdaClient).send(new ListFunctionsCommand({}));
  return (out.Functions ?? []).map((f) => f.FunctionName!);
}

describe("cross-site requests", () => {
  it("refuses a no-cors CreateFunction from a foreign web page with an AWS-shaped 403 and one line of explanation", async () => {
    const name = uniqueName("csrf");
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/2015-03-31/functions",
      headers: { origin: EVIL, "content-type": "text/plain;charset=UTF-8", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" },
      body: createFunctionBody(name),
    });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    const message = (JSON.parse(res.body.toString()) as { message: string }).message;
    expect(message).toContain("origin https://evil.example");
    expect(message).toContain("--cors-origins");
    expect(message).not.toContain("\n");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(await functionNames()).not.toContain(name);
  });

  it("refuses a cross-site request that carries only Sec-Fetch-Site, and the invocation path", async () => {
    const res = await rawRequest(ctx.endpoint, { method: "POST", path: "/2015-03-31/functions/x/invocations", headers: { "sec-fetch-site": "cross-site" }, body: "{}" });
    expect(res.status).toBe(403);
    const invoke = await rawRequest(ctx.endpoint, { method: "POST", path: "/2015-03-31/functions/x/invocations", headers: { origin: "null" }, body: "{}" });
    expect(invoke.status).toBe(403);
  });

  it("answers each protocol's own 403 shape", async () => {
    const json = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { origin: EVIL, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: "{}",
    });
    expect(json.status).toBe(403);
    expect(JSON.parse(json.body.toString())).toMatchObject({ __type: "AccessDeniedException" });
    const query = await rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { origin: EVIL, "content-type": "application/x-www-form-urlencoded" }, body: "Action=ListTopics" });
    expect(query.status).toBe(403);
    expect(query.body.toString()).toContain("<Code>AccessDenied</Code>");
  });

  it("refuses POST /_local/reset from a web page, and any admin POST that is not JSON", async () => {
    const sqs = ctx.client(SQSClient);
    const QueueName = uniqueName("survivor");
    await sqs.send(new CreateQueueCommand({ QueueName }));
    const foreign = await rawRequest(ctx.endpoint, { method: "POST", path: "/_local/reset", headers: { origin: EVIL, "content-type": "text/plain" }, body: "" });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body.toString())).toMatchObject({ error: "LA_ERR_FORBIDDEN" });
    const plain = await rawRequest(ctx.endpoint, { method: "POST", path: "/_local/reset", headers: { "content-type": "text/plain" }, body: "" });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body.toString()).message).toContain("Content-Type: application/json");
    const none = await rawRequest(ctx.endpoint, { method: "POST", path: "/_local/snapshot" });
    expect(none.status).toBe(415);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl).toContain(QueueName);
  });

  it("serves loopback origins and configured ones, with CORS headers and preflights", async () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:5173", "http://[::1]:8080", "http://app.localhost:3000", "https://app.example"]) {
      const pre = await rawRequest(ctx.endpoint, {
        method: "OPTIONS",
        path: "/2015-03-31/functions",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization,x-amz-date" },
      });
      expect(pre.status, origin).toBe(200);
      expect(pre.headers["access-control-allow-origin"]).toBe(origin);
      expect(pre.headers["access-control-allow-headers"]).toBe("authorization,x-amz-date");
      const res = await rawRequest(ctx.endpoint, { path: "/2015-03-31/functions", headers: { origin } });
      expect(res.status, origin).toBe(200);
      expect(res.headers["access-control-allow-origin"]).toBe(origin);
      expect(res.headers["access-control-expose-headers"]).toContain("x-amzn-requestid");
    }
    const health = await rawRequest(ctx.endpoint, { path: "/_local/health", headers: { origin: "http://localhost:3000" } });
    expect(health.status).toBe(200);
    expect(health.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    // A configured origin is exact: another port of it is foreign.
    expect((await rawRequest(ctx.endpoint, { path: "/2015-03-31/functions", headers: { origin: "https://app.example:8443" } })).status).toBe(403);
  });
});

describe("S3 keeps AWS's per-bucket CORS", () => {
  const Bucket = uniqueName("cors").toLowerCase();
  const Plain = uniqueName("plain").toLowerCase();
  beforeAll(async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new CreateBucketCommand({ Bucket: Plain }));
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["https://shop.example"], AllowedMethods: ["PUT", "GET"], AllowedHeaders: ["*"] }] } }));
    await s3.send(new PutBucketWebsiteCommand({ Bucket: Plain, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" } } }));
    await s3.send(new PutObjectCommand({ Bucket: Plain, Key: "index.html", Body: "<h1>site</h1>", ContentType: "text/html" }));
  });

  it("serves an origin its bucket's rules allow, and refuses the rest", async () => {
    const put = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}/upload.txt`, headers: { origin: "https://shop.example" }, body: "hi" });
    expect(put.status).toBe(200);
    expect(put.headers["access-control-allow-origin"]).toBe("https://shop.example");
    const evil = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}/evil.txt`, headers: { origin: EVIL }, body: "x" });
    expect(evil.status).toBe(403);
    expect(evil.body.toString()).toContain("<Code>AccessForbidden</Code>");
    const noRules = await rawRequest(ctx.endpoint, { method: "DELETE", path: `/${Plain}/index.html`, headers: { origin: "https://shop.example" } });
    expect(noRules.status).toBe(403);
    const listing = await rawRequest(ctx.endpoint, { path: "/", headers: { origin: EVIL } });
    expect(listing.status).toBe(403);
  });

  it("serves S3 websites to any origin", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/", headers: { host: `${Plain}.s3-website.localhost:${port()}`, origin: EVIL, "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("<h1>site</h1>");
  });
});

describe("DNS rebinding", () => {
  it("refuses a Host that is not loopback, *.localhost, an IP address or a configured name", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/2015-03-31/functions", headers: { host: `attacker.example:${port()}` } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body.toString()).message).toContain('Host "attacker.example');
    const reset = await rawRequest(ctx.endpoint, { method: "POST", path: "/_local/reset", headers: { host: "rebind.attacker.example", "content-type": "application/json" } });
    expect(reset.status).toBe(403);
  });

  it("accepts loopback names, *.localhost, IP addresses and configured names", async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, `lambda.localhost:${port()}`, `192.168.1.20:${port()}`, `dev.example:${port()}`, "LOCALHOST."]) {
      const res = await rawRequest(ctx.endpoint, { path: "/2015-03-31/functions", headers: { host } });
      expect(res.status, host).toBe(200);
    }
  });
});

describe("options", () => {
  it("takes --cors-origins and --allowed-hosts as comma-separated text or lists, also from the environment", () => {
    const settings = resolveSettings({ inMemory: true, ...optionsFromEnv({ LOCAL_AWS_CORS_ORIGINS: "https://a.example, http://*.test:*", LOCAL_AWS_ALLOWED_HOSTS: "dev.example" }) });
    expect(settings.corsOrigins).toEqual(["https://a.example", "http://*.test:*"]);
    expect(settings.allowedHosts).toEqual(["dev.example"]);
    expect(resolveSettings({ inMemory: true, corsOrigins: ["*"] }).corsOrigins).toEqual(["*"]);
    expect(resolveSettings({ inMemory: true }).corsOrigins).toEqual([]);
  });
});

describe("--host 0.0.0.0", () => {
  it("warns that everything is permitted to anyone who can reach the port", () => {
    expect(exposedHostWarning("0.0.0.0")).toMatch(/anyone who can reach this port/);
    expect(exposedHostWarning("::")).toBeDefined();
    expect(exposedHostWarning("127.0.0.1")).toBeUndefined();
  });
});
