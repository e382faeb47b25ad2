import {
  ApiGatewayV2Client, CreateApiCommand, type CreateApiCommandInput, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, DeleteApiCommand, GetApiCommand,
  GetRoutesCommand, GetStageCommand, UpdateStageCommand,
} from "@aws-sdk/client-apigatewayv2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, json } from "./fixtures.js";

const ctx = useServer();
const v2 = (): ApiGatewayV2Client => ctx.client(ApiGatewayV2Client);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const echoV2 = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });`;
let echoArn = "";

// A local OpenID issuer: its discovery document and JWKS served from 127.0.0.1.
let issuerServer: Server;
let issuer = "";
let privateKey: CryptoKey;

beforeAll(async () => {
  echoArn = await createFn(lambda(), echoV2);
  const { publicKey, privateKey: key } = await generateKeyPair("RS256");
  privateKey = key;
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  issuerServer = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
    else if (req.url === "/jwks.json") res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => issuerServer.close(() => resolve())));

async function token(claims: Record<string, unknown>, expiresInSeconds = 3600): Promise<string> {
  const now = Math.floor(Number(ctx.clock.now()) / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(issuer).setIssuedAt(now).setExpirationTime(now + expiresInSeconds).sign(privateKey);
}

async function httpApi(routes: Record<string, { fn: string; version?: string }>, extra: Partial<CreateApiCommandInput> = {}): Promise<string> {
  const api = await v2().send(new CreateApiCommand({ Name: uniqueName("http"), ProtocolType: "HTTP", ...extra }));
  for (const [routeKey, { fn, version }] of Object.entries(routes)) {
    const integration = await v2().send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fn, PayloadFormatVersion: version ?? "2.0" }));
    await v2().send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }));
  }
  await v2().send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
  return api.ApiId!;
}

describe("control plane", () => {
  it("quick-creates an API with a $default route and an auto-deployed $default stage", async () => {
    const api = await v2().send(new CreateApiCommand({ Name: uniqueName("quick"), ProtocolType: "HTTP", Target: echoArn }));
    expect(api.ApiEndpoint).toContain(`/_aws/execute-api/${api.ApiId}`);
    expect(api.RouteSelectionExpression).toBe("$request.method $request.path");
    const routes = await v2().send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes.Items?.map((r) => r.RouteKey)).toEqual(["$default"]);
    const stage = await v2().send(new GetStageCommand({ ApiId: api.ApiId, StageName: "$default" }));
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.CreatedDate).toBeInstanceOf(Date);
    const res = await callApi(ctx.endpoint, api.ApiId!, "/anything/here");
    expect(res.status).toBe(200);
    expect(json(res).routeKey).toBe("$default");
  });

  it("refuses bad route keys, duplicate routes, and Lambda integrations without a payload version", async () => {
    const api = await v2().send(new CreateApiCommand({ Name: uniqueName("http"), ProtocolType: "HTTP" }));
    await expectAwsError(v2().send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "FETCH /x" })), { name: "BadRequestException", status: 400 });
    await v2().send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "GET /x" }));
    await expectAwsError(v2().send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "GET /x" })), { name: "ConflictException", status: 409 });
    await expectAwsError(v2().send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: echoArn })), { name: "BadRequestException", status: 400 });
    await v2().send(new DeleteApiCommand({ ApiId: api.ApiId }));
    await expectAwsError(v2().send(new GetApiCommand({ ApiId: api.ApiId })), { name: "NotFoundException", status: 404 });
  });
});

describe("payload format 2.0", () => {
  it("builds AWS's v2 event, field by field", async () => {
    const apiId = await httpApi({ "POST /items/{id}": { fn: echoArn } });
    const res = await callApi(ctx.endpoint, apiId, "/items/9?b=2&a=1&a=3", { method: "POST", headers: { "Content-Type": "application/json", Cookie: "c1=v1; c2=v2", "User-Agent": "ua/2", "X-Multi": "x" }, body: '{"k":"v"}' });
    expect(res.status).toBe(200);
    const event = json(res);
    expect(Object.keys(event).sort()).toEqual(["body", "cookies", "headers", "isBase64Encoded", "pathParameters", "queryStringParameters", "rawPath", "rawQueryString", "requestContext", "routeKey", "version"]);
    expect(event).toMatchObject({
      version: "2.0", routeKey: "POST /items/{id}", rawPath: "/items/9", rawQueryString: "b=2&a=1&a=3", cookies: ["c1=v1", "c2=v2"],
      queryStringParameters: { a: "1,3", b: "2" }, pathParameters: { id: "9" }, body: '{"k":"v"}', isBase64Encoded: false,
    });
    const headers = event.headers as Record<string, string>;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-multi"]).toBe("x");
    expect(headers.cookie).toBeUndefined();
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    const rc = event.requestContext as Record<string, unknown>;
    expect(rc).toMatchObject({ accountId: "000000000000", apiId, routeKey: "POST /items/{id}", stage: "$default", http: { method: "POST", path: "/items/9", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "ua/2" } });
    expect(rc.timeEpoch).toBe(Number(ctx.clock.now()));
    expect(rc.requestId).toBe(res.headers["apigw-requestid"]);
  });

  it("passes headers and query parameters named like Object's own properties as plain names", async () => {
    const apiId = await httpApi({ "GET /odd": { fn: echoArn } });
    const res = await callApi(ctx.endpoint, apiId, "/odd?__proto__=p&constructor=c", { headers: { toString: "t", constructor: "k" } });
    const event = JSON.parse(res.body.toString("utf8")) as { headers: Record<string, string>; queryStringParameters: Record<string, string> };
    expect(event.headers.tostring).toBe("t");
    expect(Object.getOwnPropertyDescriptor(event.headers, "constructor")?.value).toBe("k");
    expect(Object.getOwnPropertyDescriptor(event.queryStringParameters, "__proto__")?.value).toBe("p");
    expect(event.queryStringParameters.constructor).toBe("c");
  });

  it("infers a 200 JSON response from a result without statusCode, and sends cookies as Set-Cookie headers", async () => {
    const plain = await createFn(lambda(), `exports.handler = async () => ({ hello: "world" });`);
    const withCookies = await createFn(lambda(), `exports.handler = async () => ({ statusCode: 302, cookies: ["a=1; Path=/", "b=2"], headers: { location: "/x" } });`);
    const failing = await createFn(lambda(), `exports.handler = async () => { throw new Error("x"); };`);
    const apiId = await httpApi({ "GET /plain": { fn: plain }, "GET /cookies": { fn: withCookies }, "GET /fail": { fn: failing } });
    const res = await callApi(ctx.endpoint, apiId, "/plain");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(json(res)).toEqual({ hello: "world" });
    const c = await callApi(ctx.endpoint, apiId, "/cookies");
    expect(c.status).toBe(302);
    expect(c.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2"]);
    const f = await callApi(ctx.endpoint, apiId, "/fail");
    expect(f.status).toBe(500);
    expect(json(f)).toEqual({ message: "Internal Server Error" });
    const missing = await callApi(ctx.endpoint, apiId, "/nope");
    expect(missing.status).toBe(404);
    expect(json(missing)).toEqual({ message: "Not Found" });
  });

  it("sends payload format 1.0 to a 1.0 integration, on a named stage", async () => {
    const api = await v2().send(new CreateApiCommand({ Name: uniqueName("http"), ProtocolType: "HTTP" }));
    const integration = await v2().send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: await createFn(lambda(), `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });`), PayloadFormatVersion: "1.0" }));
    await v2().send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "ANY /{proxy+}", Target: `integrations/${integration.IntegrationId}` }));
    await v2().send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "dev", AutoDeploy: true, StageVariables: { v: "1" } }));
    const event = json(await callApi(ctx.endpoint, api.ApiId!, "/dev/a/b?x=1", { method: "DELETE" }));
    expect(event).toMatchObject({ version: "1.0", resource: "/{proxy+}", path: "/dev/a/b", httpMethod: "DELETE", pathParameters: { proxy: "a/b" }, stageVariables: { v: "1" }, queryStringParameters: { x: "1" } });
    expect((event.requestContext as Record<string, unknown>).routeKey).toBe("ANY /{proxy+}");
    expect((event.requestContext as Record<string, unknown>).stage).toBe("dev");
  });
});

describe("authorizers", () => {
  it("JWT authorizer: accepts a valid token, refuses an expired one and one for another audience; checks scopes", async () => {
    const apiId = await httpApi({});
    const auth = await v2().send(new CreateAuthorizerCommand({ ApiId: apiId, Name: "jwt", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Issuer: issuer, Audience: ["my-app"] } }));
    const integration = await v2().send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: echoArn, PayloadFormatVersion: "2.0" }));
    await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /me", Target: `integrations/${integration.IntegrationId}`, AuthorizationType: "JWT", AuthorizerId: auth.AuthorizerId }));
    await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /admin", Target: `integrations/${integration.IntegrationId}`, AuthorizationType: "JWT", AuthorizerId: auth.AuthorizerId, AuthorizationScopes: ["admin"] }));
    const good = await token({ sub: "user-1", aud: "my-app", scope: "read" });
    const ok = await callApi(ctx.endpoint, apiId, "/me", { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
    const jwt = ((json(ok).requestContext as Record<string, unknown>).authorizer as { jwt: { claims: Record<string, string>; scopes: string[] } }).jwt;
    expect(jwt.claims.sub).toBe("user-1");
    expect(jwt.claims.aud).toBe("my-app");
    expect(jwt.scopes).toEqual(["read"]);
    const none = await callApi(ctx.endpoint, apiId, "/me");
    expect(none.status).toBe(401);
    expect(json(none)).toEqual({ message: "Unauthorized" });
    const expired = await token({ sub: "u", aud: "my-app" }, 60);
    expect((await callApi(ctx.endpoint, apiId, "/me", { headers: { authorization: `Bearer ${expired}` } })).status).toBe(200);
    await ctx.clock.advance(61_000);
    expect((await callApi(ctx.endpoint, apiId, "/me", { headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);
    const otherAudience = await token({ sub: "u", aud: "someone-else" });
    expect((await callApi(ctx.endpoint, apiId, "/me", { headers: { authorization: `Bearer ${otherAudience}` } })).status).toBe(401);
    const forbidden = await callApi(ctx.endpoint, apiId, "/admin", { headers: { authorization: `Bearer ${good}` } });
    expect(forbidden.status).toBe(403);
    expect(json(forbidden)).toEqual({ message: "Forbidden" });
    const admin = await token({ sub: "u", aud: "my-app", scope: "read admin" });
    expect((await callApi(ctx.endpoint, apiId, "/admin", { headers: { authorization: admin } })).status).toBe(200);
  });

  it("Lambda REQUEST authorizer with simple responses allows, denies and passes its context", async () => {
    const authFn = await createFn(lambda(), `exports.handler = async (event) => ({ isAuthorized: event.headers.authorization === "letmein", context: { user: "u1", routeArn: event.routeArn, type: event.type } });`);
    const apiId = await httpApi({});
    const auth = await v2().send(new CreateAuthorizerCommand({ ApiId: apiId, Name: "lambda", AuthorizerType: "REQUEST", AuthorizerUri: authFn, IdentitySource: ["$request.header.Authorization"], AuthorizerPayloadFormatVersion: "2.0", EnableSimpleResponses: true }));
    const integration = await v2().send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: echoArn, PayloadFormatVersion: "2.0" }));
    await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /secret", Target: `integrations/${integration.IntegrationId}`, AuthorizationType: "CUSTOM", AuthorizerId: auth.AuthorizerId }));
    const ok = await callApi(ctx.endpoint, apiId, "/secret", { headers: { authorization: "letmein" } });
    expect(ok.status).toBe(200);
    const lambdaContext = ((json(ok).requestContext as Record<string, unknown>).authorizer as { lambda: Record<string, string> }).lambda;
    expect(lambdaContext).toEqual({ user: "u1", routeArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/$default/GET/secret`, type: "REQUEST" });
    const denied = await callApi(ctx.endpoint, apiId, "/secret", { headers: { authorization: "nope" } });
    expect(denied.status).toBe(403);
    expect(json(denied)).toEqual({ message: "Forbidden" });
    const missing = await callApi(ctx.endpoint, apiId, "/secret");
    expect(missing.status).toBe(401);
  });
});

describe("CORS and throttling", () => {
  it("answers preflight requests and adds CORS headers to responses", async () => {
    const apiId = await httpApi({ "GET /data": { fn: echoArn } }, { CorsConfiguration: { AllowOrigins: ["http://app.example"], AllowMethods: ["GET", "POST"], AllowHeaders: ["content-type"], MaxAge: 600, ExposeHeaders: ["x-total"] } });
    const pre = await callApi(ctx.endpoint, apiId, "/data", { method: "OPTIONS", headers: { origin: "http://app.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-origin"]).toBe("http://app.example");
    expect(pre.headers["access-control-allow-methods"]).toBe("GET,POST");
    expect(pre.headers["access-control-allow-headers"]).toBe("content-type");
    expect(pre.headers["access-control-max-age"]).toBe("600");
    const other = await callApi(ctx.endpoint, apiId, "/data", { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "GET" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const res = await callApi(ctx.endpoint, apiId, "/data", { headers: { origin: "http://app.example" } });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("http://app.example");
    expect(res.headers["access-control-expose-headers"]).toBe("x-total");
  });

  it("throttles a stage with its default route settings (token bucket on the clock)", async () => {
    const apiId = await httpApi({ "GET /t": { fn: echoArn } });
    await v2().send(new UpdateStageCommand({ ApiId: apiId, StageName: "$default", DefaultRouteSettings: { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 1 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(ctx.endpoint, apiId, "/t")).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(json(await callApi(ctx.endpoint, apiId, "/t"))).toEqual({ message: "Too Many Requests" });
    await ctx.clock.advance(1000);
    expect((await callApi(ctx.endpoint, apiId, "/t")).status).toBe(200);
  });
});

describe("invoke URLs", () => {
  it("serves $default at the root of the Host form", async () => {
    const apiId = await httpApi({ "GET /h": { fn: echoArn } });
    const res = await rawRequest(ctx.endpoint, { path: "/h", headers: { host: `${apiId}.execute-api.localhost` } });
    expect(res.status).toBe(200);
    expect(json(res).rawPath).toBe("/h");
  });
});
