import {
  APIGatewayClient, CreateApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateModelCommand, CreateRequestValidatorCommand, CreateRestApiCommand,
  CreateUsagePlanCommand, CreateUsagePlanKeyCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, ensurePath, handlers, json, lambdaUri } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

/** An API whose `/p` GET (with `method` options) proxies to an echo function, deployed to `s`. */
async function api(method: Partial<ConstructorParameters<typeof PutMethodCommand>[0]>, before?: (apiId: string) => Promise<Partial<ConstructorParameters<typeof PutMethodCommand>[0]>>, httpMethod = "GET"): Promise<string> {
  const fn = await createFn(lambda(), handlers.echoEvent);
  const created = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
  const apiId = created.id!;
  const r = await ensurePath(apigw(), apiId, created.rootResourceId!, "/p");
  const extra = before ? await before(apiId) : {};
  await apigw().send(new PutMethodCommand({ restApiId: apiId, resourceId: r, httpMethod, authorizationType: "NONE", ...method, ...extra }));
  await apigw().send(new PutIntegrationCommand({ restApiId: apiId, resourceId: r, httpMethod, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
  await apigw().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "s" }));
  return apiId;
}

const tokenAuthorizer = `
let calls = 0;
exports.handler = async (event) => {
  calls++;
  if (event.authorizationToken === "bad") throw new Error("Unauthorized");
  const effect = event.authorizationToken === "allow" ? "Allow" : "Deny";
  return { principalId: "user-" + event.authorizationToken, policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn }] }, context: { calls, kind: event.type } };
};`;

describe("Lambda authorizers", () => {
  it("TOKEN: allows, denies, refuses a missing or malformed token, and caches the answer for its TTL", async () => {
    const authFn = await createFn(lambda(), tokenAuthorizer);
    const apiId = await api({ authorizationType: "CUSTOM" }, async (id) => {
      const auth = await apigw().send(new CreateAuthorizerCommand({ restApiId: id, name: "tok", type: "TOKEN", authorizerUri: lambdaUri(authFn), identitySource: "method.request.header.Authorization", identityValidationExpression: "^[a-z]+$", authorizerResultTtlInSeconds: 60 }));
      return { authorizerId: auth.id };
    });
    const allowed = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: "allow" } });
    expect(allowed.status).toBe(200);
    const authorizer = (json(allowed).requestContext as { authorizer: Record<string, unknown> }).authorizer;
    expect(authorizer).toMatchObject({ principalId: "user-allow", calls: 1, kind: "TOKEN" });
    const again = (json(await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: "allow" } })).requestContext as { authorizer: Record<string, unknown> }).authorizer;
    expect(again.calls).toBe(1);
    await ctx.clock.advance(61_000);
    const later = (json(await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: "allow" } })).requestContext as { authorizer: Record<string, unknown> }).authorizer;
    expect(later.calls).toBe(2);
    const denied = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: "deny" } });
    expect(denied.status).toBe(403);
    expect(json(denied)).toEqual({ Message: "User is not authorized to access this resource with an explicit deny" });
    for (const headers of [{}, { authorization: "UPPER" }, { authorization: "bad" }] as Record<string, string>[]) {
      const res = await callApi(ctx.endpoint, apiId, "/s/p", { headers });
      expect(res.status).toBe(401);
      expect(json(res)).toEqual({ message: "Unauthorized" });
    }
  });

  it("REQUEST: gets the request's headers and query string and needs its identity sources", async () => {
    const authFn = await createFn(lambda(), `exports.handler = async (event) => ({ principalId: "p", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: event.queryStringParameters.key === "k1" ? "Allow" : "Deny", Resource: "arn:aws:execute-api:*:*:*/s/GET/*" }] }, context: { sawHeader: event.headers["X-Tenant"], type: event.type } });`);
    const apiId = await api({ authorizationType: "CUSTOM" }, async (id) => {
      const auth = await apigw().send(new CreateAuthorizerCommand({ restApiId: id, name: "req", type: "REQUEST", authorizerUri: lambdaUri(authFn), identitySource: "method.request.header.X-Tenant, method.request.querystring.key", authorizerResultTtlInSeconds: 0 }));
      return { authorizerId: auth.id };
    });
    const ok = await callApi(ctx.endpoint, apiId, "/s/p?key=k1", { headers: { "x-tenant": "t1" } });
    expect(ok.status).toBe(200);
    expect((json(ok).requestContext as { authorizer: Record<string, unknown> }).authorizer).toMatchObject({ sawHeader: "t1", type: "REQUEST", principalId: "p" });
    expect((await callApi(ctx.endpoint, apiId, "/s/p?key=other", { headers: { "x-tenant": "t1" } })).status).toBe(403);
    expect((await callApi(ctx.endpoint, apiId, "/s/p?key=k1")).status).toBe(401);
  });
});

describe("Cognito user pool authorizer", () => {
  it("accepts a local pool's ID token and passes its claims; refuses a missing or forged one", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName("pool") }));
    const poolId = pool.UserPool!.Id!;
    const client = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice", MessageAction: "SUPPRESS" }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: "Passw0rd!Passw0rd", Permanent: true }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: client.UserPoolClient!.ClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Passw0rd!Passw0rd" } }));
    const idToken = auth.AuthenticationResult!.IdToken!;
    const apiId = await api({ authorizationType: "COGNITO_USER_POOLS" }, async (id) => {
      const authorizer = await apigw().send(new CreateAuthorizerCommand({ restApiId: id, name: "pool", type: "COGNITO_USER_POOLS", providerARNs: [pool.UserPool!.Arn!], identitySource: "method.request.header.Authorization" }));
      return { authorizerId: authorizer.id };
    });
    const ok = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: idToken } });
    expect(ok.status).toBe(200);
    const claims = ((json(ok).requestContext as { authorizer: { claims: Record<string, string> } }).authorizer).claims;
    expect(claims["cognito:username"]).toBe("alice");
    expect(claims.token_use).toBe("id");
    expect((await callApi(ctx.endpoint, apiId, "/s/p")).status).toBe(401);
    const forged = idToken.slice(0, -4) + (idToken.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await callApi(ctx.endpoint, apiId, "/s/p", { headers: { authorization: forged } })).status).toBe(401);
  });
});

describe("API keys and usage plans", () => {
  it("needs a key in a plan for the stage, throttles at the burst and stops at the quota", async () => {
    const apiId = await api({ apiKeyRequired: true });
    const key = await apigw().send(new CreateApiKeyCommand({ name: uniqueName("key"), enabled: true }));
    const plan = await apigw().send(new CreateUsagePlanCommand({ name: uniqueName("plan"), apiStages: [{ apiId, stage: "s" }], throttle: { burstLimit: 2, rateLimit: 1 }, quota: { limit: 4, period: "DAY" } }));
    const missing = await callApi(ctx.endpoint, apiId, "/s/p");
    expect(missing.status).toBe(403);
    expect(json(missing)).toEqual({ message: "Forbidden" });
    expect((await callApi(ctx.endpoint, apiId, "/s/p", { headers: { "x-api-key": key.value! } })).status).toBe(403);
    await apigw().send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const call = (): Promise<number> => callApi(ctx.endpoint, apiId, "/s/p", { headers: { "x-api-key": key.value! } }).then((r) => r.status);
    const first = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { "x-api-key": key.value! } });
    expect(first.status).toBe(200);
    expect(((json(first).requestContext as { identity: Record<string, unknown> }).identity).apiKey).toBe(key.value);
    expect(await call()).toBe(200);
    const throttled = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { "x-api-key": key.value! } });
    expect(throttled.status).toBe(429);
    expect(json(throttled)).toEqual({ message: "Too Many Requests" });
    await ctx.clock.advance(2000);
    expect(await call()).toBe(200);
    expect(await call()).toBe(200);
    await ctx.clock.advance(2000);
    const quota = await callApi(ctx.endpoint, apiId, "/s/p", { headers: { "x-api-key": key.value! } });
    expect(quota.status).toBe(429);
    expect(json(quota)).toEqual({ message: "Limit Exceeded" });
    await ctx.clock.advance(24 * 3600_000);
    expect(await call()).toBe(200);
  });
});

describe("request validation", () => {
  it("refuses a body that does not match the model and a missing required parameter", async () => {
    const apiId = await api({ requestParameters: { "method.request.querystring.q": true } }, async (id) => {
      await apigw().send(new CreateModelCommand({ restApiId: id, name: "Item", contentType: "application/json", schema: JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", type: "object", required: ["name"], properties: { name: { type: "string" }, n: { type: "integer", minimum: 0 } } }) }));
      const v = await apigw().send(new CreateRequestValidatorCommand({ restApiId: id, name: "all", validateRequestBody: true, validateRequestParameters: true }));
      return { requestValidatorId: v.id, requestModels: { "application/json": "Item" } };
    }, "POST");
    const json1 = { "content-type": "application/json" };
    const post = { method: "POST" };
    const noParam = await callApi(ctx.endpoint, apiId, "/s/p", { ...post, headers: json1, body: '{"name":"a"}' });
    expect(noParam.status).toBe(400);
    expect(json(noParam)).toEqual({ message: "Missing required request parameters: [q]" });
    const bad = await callApi(ctx.endpoint, apiId, "/s/p?q=1", { ...post, headers: json1, body: '{"n":-1}' });
    expect(bad.status).toBe(400);
    expect(json(bad)).toEqual({ message: "Invalid request body" });
    expect(bad.headers["x-amzn-errortype"]).toBe("BadRequestException");
    expect((await callApi(ctx.endpoint, apiId, "/s/p?q=1", { ...post, headers: json1, body: '{"name":"a","n":2}' })).status).toBe(200);
  });
});

describe("AWS service integration with VTL", () => {
  it("sends the request body to an SQS queue through a mapping template", async () => {
    const sqs = ctx.client(SQSClient);
    const queueName = uniqueName("q");
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const created = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const apiId = created.id!;
    const r = await ensurePath(apigw(), apiId, created.rootResourceId!, "/orders");
    await apigw().send(new PutMethodCommand({ restApiId: apiId, resourceId: r, httpMethod: "POST", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({
      restApiId: apiId, resourceId: r, httpMethod: "POST", type: "AWS", integrationHttpMethod: "POST",
      uri: `arn:aws:apigateway:us-east-1:sqs:path/000000000000/${queueName}`,
      requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
      requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.json('$.order'))&MessageAttribute.1.Name=stage&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$context.stage" },
    }));
    await apigw().send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId: r, httpMethod: "POST", statusCode: "200", responseTemplates: { "application/json": '{"queued": true, "requestId": "$context.requestId"}' } }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod" }));
    const res = await callApi(ctx.endpoint, apiId, "/prod/orders", { method: "POST", headers: { "content-type": "application/json" }, body: '{"order":{"id":7,"item":"tea"}}' });
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ queued: true, requestId: res.headers["x-amzn-requestid"] });
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MessageAttributeNames: ["All"] }));
    expect(JSON.parse(received.Messages![0]!.Body!)).toEqual({ id: 7, item: "tea" });
    expect(received.Messages![0]!.MessageAttributes?.stage?.StringValue).toBe("prod");
  });
});
