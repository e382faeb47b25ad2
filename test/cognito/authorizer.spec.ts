import { ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from "@aws-sdk/client-apigatewayv2";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createClient, createPool, createUser, PASSWORD } from "./helpers.js";

const ctx = useServer();

describe("API Gateway JWT authorizer with a local pool (TokenIssuerKeys, no network)", () => {
  it("accepts the pool's ID token for its client, refuses no token and another client's", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    const other = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "api-user", { email: "api@example.com" });
    const fn = await ctx.client(LambdaClient).send(
      new CreateFunctionCommand({
        FunctionName: uniqueName("echo"),
        Runtime: "nodejs20.x",
        Role: "arn:aws:iam::000000000000:role/lambda-role",
        Handler: "index.handler",
        Code: { ZipFile: zipSync({ "index.js": strToU8("exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify(e.requestContext.authorizer.jwt.claims) });") }) },
      }),
    );
    const v2 = ctx.client(ApiGatewayV2Client);
    const api = await v2.send(new CreateApiCommand({ Name: uniqueName("api"), ProtocolType: "HTTP" }));
    const auth = await v2.send(
      new CreateAuthorizerCommand({
        ApiId: api.ApiId,
        Name: "cognito",
        AuthorizerType: "JWT",
        IdentitySource: ["$request.header.Authorization"],
        JwtConfiguration: { Issuer: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`, Audience: [clientId] },
      }),
    );
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fn.FunctionArn, PayloadFormatVersion: "2.0" }));
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "GET /me", Target: `integrations/${integration.IntegrationId}`, AuthorizationType: "JWT", AuthorizerId: auth.AuthorizerId }));
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
    const url = `${ctx.endpoint}/_aws/execute-api/${api.ApiId!}/me`;
    const signIn = async (id: string) =>
      (await cognito.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "api-user", PASSWORD } }))).AuthenticationResult!.IdToken!;

    const ok = await fetch(url, { headers: { authorization: `Bearer ${await signIn(clientId)}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ "cognito:username": "api-user", email: "api@example.com", aud: clientId });
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${await signIn(other.clientId)}` } })).status).toBe(401);
  });
});
