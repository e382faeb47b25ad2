import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, ensurePath, handlers, json, lambdaUri, ROLE } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

// A backend on loopback that tells what it received.
let backend: Server;
let backendUrl = "";
beforeAll(async () => {
  backend = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(207, { "content-type": "application/json", "x-backend": "yes" });
      res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), custom: req.headers["x-custom"] ?? null }));
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => backend.close(() => resolve())));

describe("HTTP_PROXY", () => {
  it("REST: forwards method, greedy path, query string, headers and body, and passes the answer back", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/{proxy+}");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "ANY", authorizationType: "NONE", requestParameters: { "method.request.path.proxy": true } }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "ANY", type: "HTTP_PROXY", integrationHttpMethod: "ANY", uri: `${backendUrl}/svc/{proxy}`, requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" } }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "p" }));
    const res = await callApi(ctx.endpoint, api.id!, "/p/a/b?x=1", { method: "PUT", headers: { "x-custom": "c", "content-type": "text/plain" }, body: "payload" });
    expect(res.status).toBe(207);
    expect(res.headers["x-backend"]).toBe("yes");
    expect(json(res)).toEqual({ method: "PUT", url: "/svc/a/b?x=1", body: "payload", custom: "c" });
  });

  it("HTTP API: forwards to the integration URI with path parameters", async () => {
    const v2 = ctx.client(ApiGatewayV2Client);
    const api = await v2.send(new CreateApiCommand({ Name: uniqueName("http"), ProtocolType: "HTTP" }));
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "HTTP_PROXY", IntegrationUri: `${backendUrl}/{proxy}`, IntegrationMethod: "ANY", PayloadFormatVersion: "1.0" }));
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "ANY /svc/{proxy+}", Target: `integrations/${integration.IntegrationId}` }));
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
    const res = await callApi(ctx.endpoint, api.ApiId!, "/svc/q/r?y=2", { method: "POST", body: "b" });
    expect(res.status).toBe(207);
    expect(json(res)).toMatchObject({ method: "POST", url: "/q/r?y=2", body: "b" });
  });
});

describe("binary media types and timeouts", () => {
  it("base64-encodes a body whose type is one of the API's binary media types", async () => {
    const fn = await createFn(lambda(), handlers.echoEvent);
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api"), binaryMediaTypes: ["image/*"] }));
    const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/upload");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "POST", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "POST", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "p" }));
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const event = json(await callApi(ctx.endpoint, api.id!, "/p/upload", { method: "POST", headers: { "content-type": "image/png" }, body: bytes }));
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, "base64")).toEqual(bytes);
    const text = json(await callApi(ctx.endpoint, api.id!, "/p/upload", { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }));
    expect(text).toMatchObject({ isBase64Encoded: false, body: "hello" });
  });

  it("answers 504 Endpoint request timed out once the integration timeout passes on the clock", async () => {
    const name = uniqueName("slow");
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Timeout: 900, Code: { ZipFile: zipSync({ "index.js": strToU8(`exports.handler = () => new Promise(() => {});`) }) } }));
    const fnArn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/slow");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn), timeoutInMillis: 1000 }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "p" }));
    let settled = false;
    const pending = callApi(ctx.endpoint, api.id!, "/p/slow").finally(() => (settled = true));
    // The clock moves in steps until the request has been waiting past its integration timeout.
    for (let i = 0; i < 50 && !settled; i++) await ctx.clock.advance(100);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(json(res)).toEqual({ message: "Endpoint request timed out" });
  });
});

describe("access logs", () => {
  it("writes one line per request in the stage's format to its log group (REST and HTTP APIs)", async () => {
    const logs = ctx.client(CloudWatchLogsClient);
    const group = uniqueName("/aws/apigw/access");
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const destinationArn = `arn:aws:logs:us-east-1:000000000000:log-group:${group}`;
    const fn = await createFn(lambda(), handlers.echoEvent);
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/items/{id}");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "p" }));
    await apigw().send(new UpdateStageCommand({ restApiId: api.id, stageName: "p", patchOperations: [
      { op: "replace", path: "/accessLogSettings/destinationArn", value: destinationArn },
      { op: "replace", path: "/accessLogSettings/format", value: '{"requestId":"$context.requestId","method":"$context.httpMethod","resource":"$context.resourcePath","status":"$context.status"}' },
    ] }));
    const res = await callApi(ctx.endpoint, api.id!, "/p/items/4");
    await callApi(ctx.endpoint, api.id!, "/p/nowhere");
    const v2 = ctx.client(ApiGatewayV2Client);
    const httpApi = await v2.send(new CreateApiCommand({ Name: uniqueName("http"), ProtocolType: "HTTP", Target: fn }));
    await v2.send(new CreateStageCommand({ ApiId: httpApi.ApiId, StageName: "logged", AutoDeploy: true, AccessLogSettings: { DestinationArn: destinationArn, Format: "$context.routeKey $context.status $context.identity.sourceIp" } }));
    await callApi(ctx.endpoint, httpApi.ApiId!, "/logged/x");
    await ctx.aws.settle();
    const lines = (await logs.send(new FilterLogEventsCommand({ logGroupName: group }))).events!.map((e) => e.message);
    expect(lines).toContainEqual(JSON.stringify({ requestId: res.headers["x-amzn-requestid"], method: "GET", resource: "/items/{id}", status: "200" }));
    expect(lines.some((l) => l!.includes('"resource":"-","status":"403"'))).toBe(true);
    expect(lines).toContain("$default 200 127.0.0.1");
  });
});
