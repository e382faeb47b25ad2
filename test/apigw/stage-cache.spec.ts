import { APIGatewayClient, CreateAuthorizerCommand, CreateRestApiCommand, CreateDeploymentCommand, FlushStageAuthorizersCacheCommand, FlushStageCacheCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand, type PatchOperation } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateApiCommand } from "@aws-sdk/client-apigatewayv2";
import { LambdaClient, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, ensurePath, handlers, json, lambdaUri } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

/** Counts its invocations: a cached answer repeats the count, a fresh one increments it. */
const COUNTER = `let n = 0; exports.handler = async (e) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ n: ++n, path: e.path, q: e.queryStringParameters }) });`;

let fnArn = "";
beforeAll(async () => {
  fnArn = await createFn(lambda(), COUNTER);
});

/** A REST API `GET|POST /items/{id}` → the counter, deployed to `live` with the cache cluster on and the given method settings. */
async function cachedApi(settings: PatchOperation[], cacheKeyParameters?: string[]): Promise<string> {
  const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("cached") }));
  const resourceId = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/items/{id}");
  for (const httpMethod of ["GET", "POST"]) {
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod, authorizationType: "NONE", requestParameters: { "method.request.path.id": true, "method.request.querystring.type": false } }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn), cacheKeyParameters }));
  }
  await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "live" }));
  await apigw().send(new UpdateStageCommand({ restApiId: api.id, stageName: "live", patchOperations: [{ op: "replace", path: "/cacheClusterEnabled", value: "true" }, ...settings] }));
  return api.id!;
}

const enableAll: PatchOperation[] = [{ op: "replace", path: "/*/*/caching/enabled", value: "true" }];
const count = async (apiId: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<number> => {
  const res = await callApi(ctx.endpoint, apiId, path, options);
  expect(res.status).toBe(200);
  return json(res).n as number;
};

describe("REST API stage cache", () => {
  it("answers a repeated GET from the cache without invoking the function again; POST is not cached by */*", async () => {
    const apiId = await cachedApi(enableAll);
    const stage = await apigw().send(new GetStageCommand({ restApiId: apiId, stageName: "live" }));
    expect(stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5", cacheClusterStatus: "AVAILABLE" });
    expect(stage.methodSettings!["*/*"]).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 300, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER" });
    const first = await count(apiId, "/live/items/1");
    const again = await callApi(ctx.endpoint, apiId, "/live/items/1");
    expect(json(again).n).toBe(first);
    expect(again.headers["content-type"]).toBe("application/json");
    expect(again.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    // Without cache key parameters the path is not part of the key, as on AWS.
    expect(json(await callApi(ctx.endpoint, apiId, "/live/items/2"))).toMatchObject({ n: first, path: "/items/1" });
    const p1 = await count(apiId, "/live/items/1", { method: "POST" });
    expect(await count(apiId, "/live/items/1", { method: "POST" })).toBe(p1 + 1);
  });

  it("keys entries by the integration's cacheKeyParameters", async () => {
    const apiId = await cachedApi(enableAll, ["method.request.path.id", "method.request.querystring.type"]);
    const a = await count(apiId, "/live/items/1?type=a");
    expect(await count(apiId, "/live/items/1?type=a")).toBe(a);
    const b = await count(apiId, "/live/items/1?type=b");
    expect(b).not.toBe(a);
    const other = await count(apiId, "/live/items/2?type=a");
    expect(new Set([a, b, other]).size).toBe(3);
    expect(await count(apiId, "/live/items/2?type=a&ignored=1")).toBe(other);
  });

  it("expires entries after cacheTtlInSeconds on the clock, and a method override can cache POST", async () => {
    const apiId = await cachedApi([
      { op: "replace", path: "/*/*/caching/enabled", value: "true" },
      { op: "replace", path: "/*/*/caching/ttlInSeconds", value: "60" },
      { op: "replace", path: "/~1items~1{id}/POST/caching/enabled", value: "true" },
    ]);
    const first = await count(apiId, "/live/items/1");
    await ctx.clock.advance(59_000);
    expect(await count(apiId, "/live/items/1")).toBe(first);
    await ctx.clock.advance(2_000);
    const later = await count(apiId, "/live/items/1");
    expect(later).toBe(first + 1);
    const post = await count(apiId, "/live/items/1", { method: "POST" });
    expect(await count(apiId, "/live/items/1", { method: "POST" })).toBe(post);
  });

  it("TTL 0 or caching off for the method means no caching", async () => {
    const apiId = await cachedApi([...enableAll, { op: "replace", path: "/*/*/caching/ttlInSeconds", value: "0" }]);
    const first = await count(apiId, "/live/items/1");
    expect(await count(apiId, "/live/items/1")).toBe(first + 1);
  });

  it("Cache-Control: max-age=0 from an unsigned caller is ignored with AWS's warning header by default", async () => {
    const apiId = await cachedApi(enableAll);
    const first = await count(apiId, "/live/items/1");
    const res = await callApi(ctx.endpoint, apiId, "/live/items/1", { headers: { "cache-control": "max-age=0" } });
    expect(json(res).n).toBe(first);
    expect(res.headers.warning).toBe('199 "Cache-control headers were ignored because the caller was unauthorized."');
    // A SigV4-signed caller may invalidate: the entry is refreshed from the integration.
    const signed = { "cache-control": "max-age=0", authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc" };
    const fresh = await count(apiId, "/live/items/1", { headers: signed });
    expect(fresh).toBe(first + 1);
    expect(await count(apiId, "/live/items/1")).toBe(fresh);
  });

  it("unauthorizedCacheControlHeaderStrategy FAIL_WITH_403 and SUCCEED_WITHOUT_RESPONSE_HEADER; requireAuthorizationForCacheControl false lets anyone invalidate", async () => {
    const failing = await cachedApi([...enableAll, { op: "replace", path: "/*/*/caching/unauthorizedCacheControlHeaderStrategy", value: "FAIL_WITH_403" }]);
    await count(failing, "/live/items/1");
    const refused = await callApi(ctx.endpoint, failing, "/live/items/1", { headers: { "cache-control": "max-age=0" } });
    expect(refused.status).toBe(403);
    expect(json(refused)).toEqual({ message: "Unauthorized" });

    const silent = await cachedApi([...enableAll, { op: "replace", path: "/*/*/caching/unauthorizedCacheControlHeaderStrategy", value: "SUCCEED_WITHOUT_RESPONSE_HEADER" }]);
    const first = await count(silent, "/live/items/1");
    const quiet = await callApi(ctx.endpoint, silent, "/live/items/1", { headers: { "cache-control": "no-cache, max-age=0" } });
    expect(json(quiet).n).toBe(first);
    expect(quiet.headers.warning).toBeUndefined();

    const open = await cachedApi([...enableAll, { op: "replace", path: "/*/*/caching/requireAuthorizationForCacheControl", value: "false" }]);
    const before = await count(open, "/live/items/1");
    expect(await count(open, "/live/items/1", { headers: { "cache-control": "max-age=0" } })).toBe(before + 1);
  });

  it("FlushStageCache empties the stage's cache; turning the cluster off stops caching", async () => {
    const apiId = await cachedApi(enableAll);
    const first = await count(apiId, "/live/items/1");
    expect(await count(apiId, "/live/items/1")).toBe(first);
    await apigw().send(new FlushStageCacheCommand({ restApiId: apiId, stageName: "live" }));
    const afterFlush = await count(apiId, "/live/items/1");
    expect(afterFlush).toBe(first + 1);
    await apigw().send(new UpdateStageCommand({ restApiId: apiId, stageName: "live", patchOperations: [{ op: "replace", path: "/cacheClusterEnabled", value: "false" }] }));
    expect(await count(apiId, "/live/items/1")).toBe(afterFlush + 1);
    await expectAwsError(apigw().send(new FlushStageCacheCommand({ restApiId: apiId, stageName: "nope" })), { name: "NotFoundException", status: 404 });
  });

  it("refuses a cache cluster size AWS does not offer", async () => {
    const apiId = await cachedApi([]);
    await expectAwsError(apigw().send(new UpdateStageCommand({ restApiId: apiId, stageName: "live", patchOperations: [{ op: "replace", path: "/cacheClusterSize", value: "3" }] })), { name: "BadRequestException", status: 400 });
    const resized = await apigw().send(new UpdateStageCommand({ restApiId: apiId, stageName: "live", patchOperations: [{ op: "replace", path: "/cacheClusterSize", value: "1.6" }] }));
    expect(resized.cacheClusterSize).toBe("1.6");
    await apigw().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "big", cacheClusterEnabled: true, cacheClusterSize: "6.1" }));
    expect(await apigw().send(new GetStageCommand({ restApiId: apiId, stageName: "big" }))).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "6.1", cacheClusterStatus: "AVAILABLE" });
  });
});

describe("FlushStageAuthorizersCache", () => {
  it("makes the next request run the TOKEN authorizer again instead of reusing its cached policy", async () => {
    const authFn = await createFn(lambda(), `let n = 0; exports.handler = async (e) => ({ principalId: "u", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: e.methodArn }] }, context: { n: ++n } });`);
    const echo = await createFn(lambda(), handlers.echoEvent);
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("authcache") }));
    const auth = await apigw().send(new CreateAuthorizerCommand({ restApiId: api.id, name: "tok", type: "TOKEN", authorizerUri: lambdaUri(authFn), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 }));
    const resourceId = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/me");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: auth.id }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(echo) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "s" }));
    const authorizerN = async (): Promise<unknown> => (json(await callApi(ctx.endpoint, api.id!, "/s/me", { headers: { authorization: "token" } })).requestContext as { authorizer: { n: unknown } }).authorizer.n;
    const first = await authorizerN();
    expect(await authorizerN()).toBe(first);
    await apigw().send(new FlushStageAuthorizersCacheCommand({ restApiId: api.id, stageName: "s" }));
    expect(Number(await authorizerN())).toBe(Number(first) + 1);
  });
});

describe("Lambda throttles through the API", () => {
  it("a function with reserved concurrency 0 answers REST 500 Internal server error and HTTP API 500 Internal Server Error", async () => {
    const throttled = await createFn(lambda(), COUNTER);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: throttled, ReservedConcurrentExecutions: 0 }));
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("throttled") }));
    const resourceId = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/t");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(throttled) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "s" }));
    // The same function behind a non-proxy (AWS) integration.
    const nonProxy = await ensurePath(apigw(), api.id!, api.rootResourceId!, "/n");
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: nonProxy, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: nonProxy, httpMethod: "GET", type: "AWS", integrationHttpMethod: "POST", uri: lambdaUri(throttled) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "s" }));
    for (const path of ["/s/t", "/s/n"]) {
      const rest = await callApi(ctx.endpoint, api.id!, path);
      expect(rest.status).toBe(500);
      expect(json(rest)).toEqual({ message: "Internal server error" });
      expect(rest.headers["x-amzn-errortype"]).toBe("InternalServerErrorException");
    }

    const http = await ctx.client(ApiGatewayV2Client).send(new CreateApiCommand({ Name: uniqueName("throttled"), ProtocolType: "HTTP", Target: throttled }));
    const res = await rawRequest(ctx.endpoint, { path: `/_aws/execute-api/${http.ApiId}/anything` });
    expect(res.status).toBe(500);
    expect(json(res)).toEqual({ message: "Internal Server Error" });
  });
});
