/**
 * Function URLs through the Lambda API and plain HTTP: configuration, the NONE auth policy rule,
 * AWS_IAM refusing unsigned requests, the payload 2.0 event and response mapping, CORS.
 */
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ListFunctionUrlConfigsCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { rawRequest, testCredentials, useServer } from "../helpers/index.js";
import { createFn } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const ECHO = `exports.handler = async (event) => {
  if (event.rawPath === "/plain") return { plain: true };
  if (event.rawPath === "/text") return "just text";
  if (event.rawPath === "/fail") throw new Error("boom");
  return { statusCode: 201, headers: { "x-echo": "yes", "content-type": "application/json" }, cookies: ["a=1"], body: JSON.stringify(event) };
};`;

async function publicUrl(source = ECHO, extra: Record<string, unknown> = {}): Promise<{ name: string; url: string; id: string }> {
  const name = await createFn(lambda(), source);
  const created = await lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE", ...extra }));
  await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "url", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }));
  await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "invoke", Action: "lambda:InvokeFunction", Principal: "*", InvokedViaFunctionUrl: true }));
  return { name, url: created.FunctionUrl!, id: /^http:\/\/([a-z0-9]+)\./.exec(created.FunctionUrl!)![1]! };
}

/** A request to a URL by its host name (`<id>.lambda-url.us-east-1.localhost`), sent to the server's port. */
function viaHost(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  const u = new URL(url);
  return rawRequest(ctx.endpoint, { ...options, path, headers: { host: u.host, ...options.headers } });
}

describe("configuration", () => {
  it("creates, reads, updates, lists and deletes a function's URL config", async () => {
    const name = await createFn(lambda(), ECHO);
    const created = await lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "AWS_IAM", Cors: { AllowOrigins: ["https://app.example"] } }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    const port = new URL(ctx.endpoint).port;
    expect(created).toMatchObject({
      FunctionUrl: expect.stringMatching(new RegExp(`^http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:${port}/$`)),
      FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      AuthType: "AWS_IAM",
      Cors: { AllowOrigins: ["https://app.example"] },
      InvokeMode: "BUFFERED",
      CreationTime: expect.any(String),
    });
    await expectAwsError(lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE" })), {
      name: "ResourceConflictException",
      message: `Failed to create function url config for [functionArn = arn:aws:lambda:us-east-1:000000000000:function:${name}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      status: 409,
    });
    const updated = await lambda().send(new UpdateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE", InvokeMode: "RESPONSE_STREAM" }));
    expect(updated).toMatchObject({ AuthType: "NONE", InvokeMode: "RESPONSE_STREAM", FunctionUrl: created.FunctionUrl, LastModifiedTime: expect.any(String) });
    expect(await lambda().send(new GetFunctionUrlConfigCommand({ FunctionName: name }))).toMatchObject({ AuthType: "NONE", Cors: { AllowOrigins: ["https://app.example"] } });
    expect((await lambda().send(new ListFunctionUrlConfigsCommand({ FunctionName: name }))).FunctionUrlConfigs).toHaveLength(1);
    await expectAwsError(lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "OPEN" as "NONE" })), { name: "ValidationException", status: 400 });
    await lambda().send(new DeleteFunctionUrlConfigCommand({ FunctionName: name }));
    await expectAwsError(lambda().send(new GetFunctionUrlConfigCommand({ FunctionName: name })), {
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
      status: 404,
    });
  });
});

describe("invoking through the URL", () => {
  it("a NONE URL answers 403 until the policy grants lambda:InvokeFunctionUrl and lambda:InvokeFunction to everyone", async () => {
    const name = await createFn(lambda(), ECHO);
    const { FunctionUrl } = await lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE" }));
    const refused = await viaHost(FunctionUrl!, "/plain");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body.toString())).toEqual({ Message: "Forbidden" });
    await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "url", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }));
    expect((await viaHost(FunctionUrl!, "/plain")).status).toBe(403);
    await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "invoke", Action: "lambda:InvokeFunction", Principal: "*" }));
    const ok = await viaHost(FunctionUrl!, "/plain");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ plain: true });
  });

  it("sends AWS's payload 2.0 event and maps the response object (status, headers, cookies, body)", async () => {
    const { url, id } = await publicUrl();
    const res = await viaHost(url, "/orders/7?x=1&x=2&y=z", { method: "POST", headers: { "content-type": "application/json", cookie: "s=1; t=2", "x-custom": "v" }, body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(res.headers["x-echo"]).toBe("yes");
    expect(res.headers["set-cookie"]).toEqual(["a=1"]);
    const event = JSON.parse(res.body.toString()) as Record<string, unknown>;
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/orders/7",
      rawQueryString: "x=1&x=2&y=z",
      cookies: ["s=1", "t=2"],
      queryStringParameters: { x: "1,2", y: "z" },
      headers: expect.objectContaining({ "x-custom": "v", "content-type": "application/json" }),
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: expect.objectContaining({ apiId: id, domainPrefix: id, domainName: `${id}.lambda-url.us-east-1.on.aws`, stage: "$default", http: expect.objectContaining({ method: "POST", path: "/orders/7" }) }),
    });
    const binary = await viaHost(url, "/bin", { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: Buffer.from([0, 1, 2, 255]) });
    expect(JSON.parse(binary.body.toString())).toMatchObject({ body: Buffer.from([0, 1, 2, 255]).toString("base64"), isBase64Encoded: true });
  });

  it("serves the same URL at /_aws/lambda-url/<id>/; plain JSON and strings become 200 application/json; a function error is a 502", async () => {
    const { id } = await publicUrl();
    const plain = await rawRequest(ctx.endpoint, { path: `/_aws/lambda-url/${id}/plain` });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(plain.body.toString())).toEqual({ plain: true });
    expect((await rawRequest(ctx.endpoint, { path: `/_aws/lambda-url/${id}/text` })).body.toString()).toBe("just text");
    const failed = await rawRequest(ctx.endpoint, { path: `/_aws/lambda-url/${id}/fail` });
    expect(failed.status).toBe(502);
    expect(JSON.parse(failed.body.toString())).toEqual({ Message: "Internal Server Error" });
  });

  it("applies the URL's CORS configuration: preflights answered without invoking, allowed origins echoed, others not", async () => {
    const { url } = await publicUrl(ECHO, { Cors: { AllowOrigins: ["https://app.example"], AllowMethods: ["GET", "POST"], AllowHeaders: ["x-custom"], ExposeHeaders: ["x-echo"], MaxAge: 300, AllowCredentials: true } });
    const pre = await viaHost(url, "/orders", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "x-custom" } });
    expect(pre.status).toBe(200);
    expect(pre.headers).toMatchObject({
      "access-control-allow-origin": "https://app.example",
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "x-custom",
      "access-control-max-age": "300",
      "access-control-allow-credentials": "true",
    });
    const actual = await viaHost(url, "/plain", { headers: { origin: "https://app.example" } });
    expect(actual.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(actual.headers["access-control-expose-headers"]).toBe("x-echo");
    // Any origin may call a public URL (AWS serves it to browsers); a foreign one just gets no CORS headers.
    const other = await viaHost(url, "/plain", { headers: { origin: "https://evil.example" } });
    expect(other.status).toBe(200);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("an AWS_IAM URL refuses an unsigned request and answers a SigV4-signed one", async () => {
    const name = await createFn(lambda(), ECHO);
    const { FunctionUrl } = await lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "AWS_IAM" }));
    const unsigned = await viaHost(FunctionUrl!, "/plain");
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.body.toString())).toEqual({ Message: "Forbidden" });
    const host = new URL(FunctionUrl!).host;
    const signer = new SignatureV4({ service: "lambda", region: "us-east-1", credentials: testCredentials, sha256: Sha256 });
    const signed = await signer.sign({ method: "GET", protocol: "http:", hostname: host.split(":")[0]!, port: Number(host.split(":")[1]), path: "/plain", headers: { host } });
    const ok = await viaHost(FunctionUrl!, "/plain", { headers: signed.headers as Record<string, string> });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ plain: true });
  });
});
