import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, ensurePath, handlers, json, lambdaUri, restApiWithLambda } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

let echoArn = "";
let apiId = "";
beforeAll(async () => {
  echoArn = await createFn(lambda(), handlers.echoEvent);
  ({ apiId } = await restApiWithLambda(apigw(), echoArn, "/items/{id}", "GET", "test"));
});

describe("Lambda proxy integration", () => {
  it("builds AWS's v1 event, field by field", async () => {
    const res = await callApi(ctx.endpoint, apiId, "/test/items/42?a=1&a=2&b=x%20y", { headers: { "User-Agent": "tester/1.0", "X-Custom": "c" } });
    expect(res.status).toBe(200);
    expect(res.headers["x-echo"]).toBe("yes");
    expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    const event = json(res);
    expect(Object.keys(event).sort()).toEqual(["body", "headers", "httpMethod", "isBase64Encoded", "multiValueHeaders", "multiValueQueryStringParameters", "path", "pathParameters", "queryStringParameters", "requestContext", "resource", "stageVariables"]);
    expect(event).toMatchObject({
      resource: "/items/{id}",
      path: "/items/42",
      httpMethod: "GET",
      queryStringParameters: { a: "2", b: "x y" },
      multiValueQueryStringParameters: { a: ["1", "2"], b: ["x y"] },
      pathParameters: { id: "42" },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    const headers = event.headers as Record<string, string>;
    expect(headers["User-Agent"]).toBe("tester/1.0");
    expect(headers["X-Custom"]).toBe("c");
    expect(headers["X-Forwarded-For"]).toBe("127.0.0.1");
    expect(headers["X-Amzn-Trace-Id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect((event.multiValueHeaders as Record<string, string[]>)["X-Custom"]).toEqual(["c"]);
    const rc = event.requestContext as Record<string, unknown>;
    expect(rc).toMatchObject({ resourcePath: "/items/{id}", httpMethod: "GET", path: "/test/items/42", accountId: "000000000000", protocol: "HTTP/1.1", stage: "test", apiId });
    expect(rc.requestId).toBe(res.headers["x-amzn-requestid"]);
    expect(rc.requestTimeEpoch).toBe(Number(ctx.clock.now()));
    expect(rc.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(rc.identity).toMatchObject({ sourceIp: "127.0.0.1", userAgent: "tester/1.0", cognitoIdentityId: null, user: null });
  });

  it("gives each request its own requestId", async () => {
    const a = json(await callApi(ctx.endpoint, apiId, "/test/items/1"));
    const b = json(await callApi(ctx.endpoint, apiId, "/test/items/1"));
    expect((a.requestContext as { requestId: string }).requestId).not.toBe((b.requestContext as { requestId: string }).requestId);
    expect((a.requestContext as { extendedRequestId: string }).extendedRequestId).not.toBe((b.requestContext as { extendedRequestId: string }).extendedRequestId);
  });

  it("serves the stage by Host (<apiId>.execute-api.localhost)", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/test/items/7", headers: { host: `${apiId}.execute-api.localhost:4566` } });
    expect(res.status).toBe(200);
    expect(json(res).pathParameters).toEqual({ id: "7" });
  });

  it("passes a POST body and stage variables", async () => {
    const fn = await createFn(lambda(), handlers.echoEvent);
    const { apiId: id } = await restApiWithLambda(apigw(), fn, "/things", "POST", "dev");
    await apigw().send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [{ op: "replace", path: "/variables/env", value: "dev" }] }));
    const res = await callApi(ctx.endpoint, id, "/dev/things", { method: "POST", headers: { "content-type": "application/json" }, body: '{"x":1}' });
    const event = json(res);
    expect(event.body).toBe('{"x":1}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.stageVariables).toEqual({ env: "dev" });
    expect(event.queryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
  });

  it("maps statusCode, multiValueHeaders and base64 bodies back", async () => {
    const fn = await createFn(lambda(), `exports.handler = async () => ({ statusCode: 201, headers: { "content-type": "image/png" }, multiValueHeaders: { "x-m": ["a", "b"] }, body: Buffer.from([1,2,3]).toString("base64"), isBase64Encoded: true });`);
    const { apiId: id } = await restApiWithLambda(apigw(), fn, "/bin", "GET", "v1");
    const res = await callApi(ctx.endpoint, id, "/v1/bin");
    expect(res.status).toBe(201);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.headers["x-m"]).toBe("a, b");
    expect([...res.body]).toEqual([1, 2, 3]);
  });
});

describe("errors", () => {
  it("answers 403 Missing Authentication Token for an unknown route, method or stage", async () => {
    for (const [method, path] of [["GET", "/test/nowhere"], ["POST", "/test/items/1"], ["GET", "/nostage/items/1"]] as const) {
      const res = await callApi(ctx.endpoint, apiId, path, { method });
      expect(res.status).toBe(403);
      expect(json(res)).toEqual({ message: "Missing Authentication Token" });
      expect(res.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
    }
  });

  it("answers 502 Internal server error for a malformed proxy response and for a function error", async () => {
    for (const source of [
      `exports.handler = async () => ({ statusCode: 200, body: { not: "a string" } });`,
      `exports.handler = async () => ({ statusCode: 200, body: "x", extra: 1 });`,
      `exports.handler = async () => "just text";`,
      `exports.handler = async () => { throw new Error("boom"); };`,
    ]) {
      const fn = await createFn(lambda(), source);
      const { apiId: id } = await restApiWithLambda(apigw(), fn, "/x", "GET", "s");
      const res = await callApi(ctx.endpoint, id, "/s/x");
      expect(res.status).toBe(502);
      expect(json(res)).toEqual({ message: "Internal server error" });
    }
  });
});

describe("MOCK integration and greedy paths", () => {
  it("answers from the integration response template, selected by status", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/health");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", statusCode: "200", responseParameters: { "method.response.header.X-Mock": true } }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await apigw().send(new PutIntegrationResponseCommand({
      restApiId: api.id, resourceId: r, httpMethod: "GET", statusCode: "200",
      responseParameters: { "method.response.header.X-Mock": "'yes'" }, responseTemplates: { "application/json": '{"stage": "$context.stage", "q": "$input.params(\'q\')"}' },
    }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "prod" }));
    const res = await callApi(ctx.endpoint, api.id!, "/prod/health?q=hello");
    expect(res.status).toBe(200);
    expect(res.headers["x-mock"]).toBe("yes");
    expect(json(res)).toEqual({ stage: "prod", q: "hello" });
  });

  it("routes to {proxy+} and ANY after more specific resources", async () => {
    const fn = await createFn(lambda(), handlers.echoEvent);
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    for (const [path, method] of [["/{proxy+}", "ANY"], ["/users/{id}", "GET"], ["/users/me", "GET"]] as const) {
      const r = await ensurePath(apigw(), api.id!, api.rootResourceId!, path);
      await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: method, authorizationType: "NONE" }));
      await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: method, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
    }
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "p" }));
    const resource = async (method: string, path: string): Promise<unknown> => json(await callApi(ctx.endpoint, api.id!, path, { method })).resource;
    expect(await resource("GET", "/p/users/me")).toBe("/users/me");
    expect(await resource("GET", "/p/users/5")).toBe("/users/{id}");
    expect(await resource("DELETE", "/p/users/5")).toBe("/{proxy+}");
    const deep = json(await callApi(ctx.endpoint, api.id!, "/p/a/b/c", { method: "PUT" }));
    expect(deep.pathParameters).toEqual({ proxy: "a/b/c" });
    expect(deep.httpMethod).toBe("PUT");
  });

  it("lists invoke URLs at GET /_local/apis", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/_local/apis" });
    const listing = json(res) as { apis: { id: string; type: string; stages: { name: string; url: string; hostUrl: string }[] }[] };
    const entry = listing.apis.find((a) => a.id === apiId)!;
    expect(entry.type).toBe("REST");
    expect(entry.stages[0]!.url).toBe(`${ctx.endpoint.replace("127.0.0.1", new URL(ctx.endpoint).host.split(":")[0]!)}/_aws/execute-api/${apiId}/test`);
    expect(entry.stages[0]!.hostUrl).toMatch(new RegExp(`^http://${apiId}\\.execute-api\\.localhost:\\d+/test$`));
  });
});
