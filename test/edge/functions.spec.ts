import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DescribeFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateFunctionCommand,
} from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const s3 = (): S3Client => ctx.client(S3Client);
const code = (text: string): Uint8Array => new TextEncoder().encode(text);
const FunctionConfig = { Comment: "", Runtime: "cloudfront-js-2.0" as const };

async function publish(Name: string, text: string): Promise<string> {
  const created = await cf().send(new CreateFunctionCommand({ Name, FunctionConfig, FunctionCode: code(text) }));
  await cf().send(new PublishFunctionCommand({ Name, IfMatch: created.ETag }));
  return created.FunctionSummary!.FunctionMetadata!.FunctionARN!;
}

async function distributionWith(ref: string, FunctionARN: string): Promise<string> {
  const out = await cf().send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: ref,
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "fn-site.s3.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
        DefaultCacheBehavior: {
          TargetOriginId: "s3",
          ViewerProtocolPolicy: "allow-all",
          CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
          FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN, EventType: "viewer-request" }] },
        },
      },
    }),
  );
  return out.Distribution!.Id!;
}

const fetchEdge = (id: string, path: string): Promise<Response> => fetch(`${ctx.endpoint}/_aws/cloudfront/${id}${path}`);

describe("CloudFront Functions", () => {
  it("creates UNPUBLISHED in DEVELOPMENT, gets the code back, updates and publishes behind If-Match, lists by stage", async () => {
    const created = await cf().send(new CreateFunctionCommand({ Name: "crud", FunctionConfig, FunctionCode: code("function handler(event) { return event.request; }") }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionSummary).toMatchObject({ Name: "crud", Status: "UNPUBLISHED", FunctionMetadata: { Stage: "DEVELOPMENT", FunctionARN: "arn:aws:cloudfront::000000000000:function/crud" } });
    const got = await cf().send(new GetFunctionCommand({ Name: "crud" }));
    expect(new TextDecoder().decode(got.FunctionCode)).toBe("function handler(event) { return event.request; }");
    expect(got.ETag).toBe(created.ETag);
    await expectAwsError(cf().send(new UpdateFunctionCommand({ Name: "crud", IfMatch: "E0STALE0000000", FunctionConfig, FunctionCode: code("function handler(e) { return e.request; }") })), {
      name: "PreconditionFailed",
      status: 412,
    });
    const updated = await cf().send(new UpdateFunctionCommand({ Name: "crud", IfMatch: created.ETag, FunctionConfig, FunctionCode: code("function handler(e) { return e.request; }") }));
    expect(updated.ETag).toBeTruthy();
    expect(updated.ETag).not.toBe(created.ETag);
    await expectAwsError(cf().send(new DescribeFunctionCommand({ Name: "crud", Stage: "LIVE" })), { name: "NoSuchFunctionExists", status: 404 });
    const published = await cf().send(new PublishFunctionCommand({ Name: "crud", IfMatch: updated.ETag }));
    expect(published.FunctionSummary?.FunctionMetadata?.Stage).toBe("LIVE");
    expect((await cf().send(new DescribeFunctionCommand({ Name: "crud", Stage: "LIVE" }))).FunctionSummary?.Status).toBe("UNASSOCIATED");
    const live = await cf().send(new ListFunctionsCommand({ Stage: "LIVE" }));
    expect(live.FunctionList?.Items?.map((f) => f.Name)).toContain("crud");
    await expectAwsError(cf().send(new CreateFunctionCommand({ Name: "crud", FunctionConfig, FunctionCode: code("function handler(e) { return e.request; }") })), { name: "FunctionAlreadyExists", status: 409 });
  });

  it("refuses code over 10 KB and code that does not parse", async () => {
    const big = `function handler(e) { return e.request; }\n//${"x".repeat(10 * 1024)}`;
    await expectAwsError(cf().send(new CreateFunctionCommand({ Name: "big", FunctionConfig, FunctionCode: code(big) })), { name: "FunctionSizeLimitExceeded", status: 413 });
    await expectAwsError(cf().send(new CreateFunctionCommand({ Name: "broken", FunctionConfig, FunctionCode: code("function handler(e) { return e.request;") })), { name: "InvalidArgument", status: 400 });
  });

  it("runs the LIVE code on viewer requests: a rewrite reaches the origin and the cache under the new URI", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "fn-site" }));
    await s3().send(new PutObjectCommand({ Bucket: "fn-site", Key: "docs/index.html", Body: "docs home" }));
    const arn = await publish("append-index", "function handler(event) { var r = event.request; if (r.uri.endsWith('/')) { r.uri += 'index.html'; } return r; }");
    const id = await distributionWith("fn-1", arn);
    const res = await fetchEdge(id, "/docs/");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("docs home");
    expect(res.headers.get("x-cache")).toBe("Miss from cloudfront");
    expect((await fetchEdge(id, "/docs/index.html")).headers.get("x-cache")).toBe("Hit from cloudfront");
    await expectAwsError(cf().send(new DeleteFunctionCommand({ Name: "append-index", IfMatch: (await cf().send(new DescribeFunctionCommand({ Name: "append-index" }))).ETag })), {
      name: "FunctionInUse",
      status: 409,
    });
  });

  it("a function may answer itself (FunctionGeneratedResponse); Date comes from the emulator clock", async () => {
    const arn = await publish(
      "redirect",
      "function handler(event) { return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com' + event.request.uri }, 'x-now': { value: String(Date.now()) } } }; }",
    );
    const id = await distributionWith("fn-2", arn);
    const res = await fetch(`${ctx.endpoint}/_aws/cloudfront/${id}/old`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://example.com/old");
    expect(res.headers.get("x-cache")).toBe("FunctionGeneratedResponse from cloudfront");
    expect(new Date(Number(res.headers.get("x-now"))).toISOString()).toBe(new Date(ctx.clock.now()).toISOString());
  });

  it("TestFunction answers the output, console logs, error and a compute utilization", async () => {
    const created = await cf().send(new CreateFunctionCommand({ Name: "tested", FunctionConfig, FunctionCode: code("function handler(event) { console.log('uri', event.request.uri); if (event.request.uri === '/boom') throw new Error('boom'); event.request.uri = '/x' + event.request.uri; return event.request; }") }));
    const event = (uri: string): Uint8Array => code(JSON.stringify({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "1.2.3.4" }, request: { method: "GET", uri, querystring: {}, headers: {}, cookies: {} } }));
    await expectAwsError(cf().send(new TestFunctionCommand({ Name: "tested", IfMatch: "E0STALE0000000", EventObject: event("/a") })), { name: "PreconditionFailed", status: 412 });
    const ok = await cf().send(new TestFunctionCommand({ Name: "tested", IfMatch: created.ETag, EventObject: event("/a") }));
    expect(JSON.parse(ok.TestResult!.FunctionOutput!)).toMatchObject({ uri: "/x/a" });
    expect(ok.TestResult?.FunctionExecutionLogs).toEqual(["uri /a"]);
    expect(Number(ok.TestResult?.ComputeUtilization)).toBeGreaterThan(0);
    const failed = await cf().send(new TestFunctionCommand({ Name: "tested", IfMatch: created.ETag, EventObject: event("/boom") }));
    expect(failed.TestResult?.FunctionErrorMessage).toContain("boom");
  });

  it("a throw or a runaway fails only its own request with 503; a uri without / is a 502; the server keeps serving", async () => {
    const thrower = await distributionWith("fn-3", await publish("thrower", "function handler(event) { throw new Error('boom'); }"));
    expect((await fetchEdge(thrower, "/x")).status).toBe(503);
    const spin = await distributionWith("fn-4", await publish("spin", "function handler(event) { while (true) {} }"));
    expect((await fetchEdge(spin, "/x")).status).toBe(503);
    const bad = await distributionWith("fn-5", await publish("bad-uri", "function handler(event) { event.request.uri = 'no-slash'; return event.request; }"));
    expect((await fetchEdge(bad, "/x")).status).toBe(502);
    const evalFn = await distributionWith("fn-6", await publish("evil", "function handler(event) { return eval('event.request'); }"));
    expect((await fetchEdge(evalFn, "/x")).status).toBe(503);
  });
});
