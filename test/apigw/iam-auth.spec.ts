// AWS_IAM routes verify the caller's SigV4 signature and its execute-api:Invoke permission (--enforce-iam on: keys IAM issued are checked).
import { Sha256 } from "@aws-crypto/sha256-js";
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateApiCommand, GetRoutesCommand, UpdateRouteCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer, type RawResponse } from "../helpers/index.js";
import { createFn, ensurePath, handlers, json, lambdaUri } from "./fixtures.js";

const ctx = useServer({ enforceIam: "on" });

let user = "";
let credentials = { accessKeyId: "", secretAccessKey: "" };
let restId = "";
let httpId = "";

beforeAll(async () => {
  const iam = ctx.client(IAMClient);
  user = uniqueName("caller");
  await iam.send(new CreateUserCommand({ UserName: user }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const fn = await createFn(ctx.client(LambdaClient), handlers.echoEvent);

  const apigw = ctx.client(APIGatewayClient);
  const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName("iam") }));
  restId = api.id!;
  const resourceId = await ensurePath(apigw, restId, api.rootResourceId!, "/private");
  await apigw.send(new PutMethodCommand({ restApiId: restId, resourceId, httpMethod: "GET", authorizationType: "AWS_IAM" }));
  await apigw.send(new PutIntegrationCommand({ restApiId: restId, resourceId, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: restId, stageName: "v1" }));

  const v2 = ctx.client(ApiGatewayV2Client);
  httpId = (await v2.send(new CreateApiCommand({ Name: uniqueName("iam"), ProtocolType: "HTTP", Target: fn, RouteKey: "GET /private" }))).ApiId!;
  const route = (await v2.send(new GetRoutesCommand({ ApiId: httpId }))).Items![0]!;
  await v2.send(new UpdateRouteCommand({ ApiId: httpId, RouteId: route.RouteId, AuthorizationType: "AWS_IAM" }));
  await allowInvoke([`arn:aws:execute-api:us-east-1:000000000000:${restId}/v1/GET/private`, `arn:aws:execute-api:us-east-1:000000000000:${httpId}/*/GET/*`]);
});

/** The user's identity policy: execute-api:Invoke allowed on `resources`, and denied on `denied`. */
async function allowInvoke(resources: string[], denied: string[] = []): Promise<void> {
  const statements: object[] = [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resources }];
  if (denied.length > 0) statements.push({ Effect: "Deny", Action: "execute-api:*", Resource: denied });
  await ctx.client(IAMClient).send(new PutUserPolicyCommand({ UserName: user, PolicyName: "invoke", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }));
}

/** A GET signed for execute-api with the user's key; `tamper` changes the signature's last digit. */
async function signedGet(path: string, tamper = false, extra: Record<string, string> = {}): Promise<RawResponse> {
  const host = new URL(ctx.endpoint).host;
  const signer = new SignatureV4({ service: "execute-api", region: "us-east-1", credentials, sha256: Sha256 });
  const signed = await signer.sign({ method: "GET", protocol: "http:", hostname: host.split(":")[0]!, port: Number(host.split(":")[1]), path, headers: { host, ...extra } });
  const headers = { ...(signed.headers as Record<string, string>) };
  if (tamper) headers.authorization = headers.authorization!.slice(0, -1) + (headers.authorization!.endsWith("0") ? "1" : "0");
  return rawRequest(ctx.endpoint, { path, headers });
}

describe("AWS_IAM authorization", () => {
  it("REST: a signed caller reaches the function with its identity; a bad signature is refused with AWS's 403", async () => {
    const ok = await signedGet(`/_aws/execute-api/${restId}/v1/private`);
    expect(ok.status).toBe(200);
    const identity = (json(ok).requestContext as { identity: Record<string, unknown> }).identity;
    expect(identity).toMatchObject({ accessKey: credentials.accessKeyId, accountId: "000000000000", userArn: `arn:aws:iam::000000000000:user/${user}` });
    expect(identity.user).toMatch(/^AIDA/);

    const bad = await signedGet(`/_aws/execute-api/${restId}/v1/private`, true);
    expect(bad.status).toBe(403);
    expect(bad.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect(json(bad).message).toMatch(/^The request signature we calculated does not match the signature you provided/);

    const anonymous = await rawRequest(ctx.endpoint, { path: `/_aws/execute-api/${restId}/v1/private` });
    expect(anonymous.status).toBe(403);
    expect(json(anonymous)).toEqual({ message: "Missing Authentication Token" });
  });

  it("HTTP API: a signed caller's IAM identity reaches the event; a bad signature answers 403 Forbidden", async () => {
    const ok = await signedGet(`/_aws/execute-api/${httpId}/private`);
    expect(ok.status).toBe(200);
    const iam = ((json(ok).requestContext as { authorizer: { iam: Record<string, unknown> } }).authorizer).iam;
    expect(iam).toMatchObject({ accessKey: credentials.accessKeyId, accountId: "000000000000", userArn: `arn:aws:iam::000000000000:user/${user}` });

    const bad = await signedGet(`/_aws/execute-api/${httpId}/private`, true);
    expect(bad.status).toBe(403);
    expect(json(bad)).toEqual({ message: "Forbidden" });
    const anonymous = await rawRequest(ctx.endpoint, { path: `/_aws/execute-api/${httpId}/private` });
    expect(anonymous.status).toBe(403);
  });

  it("evaluates the caller's identity policies for execute-api:Invoke on the route's ARN", async () => {
    const restArn = `arn:aws:execute-api:us-east-1:000000000000:${restId}/v1/GET/private`;
    try {
      await ctx.client(IAMClient).send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: "invoke" }));
      const implicit = await signedGet(`/_aws/execute-api/${restId}/v1/private`);
      expect(implicit.status).toBe(403);
      expect(implicit.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
      expect(json(implicit)).toEqual({ Message: `User: arn:aws:iam::000000000000:user/${user} is not authorized to perform: execute-api:Invoke on resource: ${restArn}` });
      const httpDenied = await signedGet(`/_aws/execute-api/${httpId}/private`);
      expect(httpDenied.status).toBe(403);
      expect(json(httpDenied)).toEqual({ message: "Forbidden" });

      await allowInvoke([`arn:aws:execute-api:us-east-1:000000000000:${restId}/*`], [restArn]);
      const explicit = await signedGet(`/_aws/execute-api/${restId}/v1/private`);
      expect(explicit.status).toBe(403);
      expect(json(explicit)).toEqual({ Message: `User: arn:aws:iam::000000000000:user/${user} is not authorized to perform: execute-api:Invoke on resource: ${restArn} with an explicit deny` });

      await allowInvoke([`arn:aws:execute-api:us-east-1:000000000000:${restId}/*/GET/*`, `arn:aws:execute-api:us-east-1:000000000000:${httpId}/*`]);
      expect((await signedGet(`/_aws/execute-api/${restId}/v1/private`)).status).toBe(200);
      expect((await signedGet(`/_aws/execute-api/${httpId}/private`)).status).toBe(200);
    } finally {
      await allowInvoke([restArn, `arn:aws:execute-api:us-east-1:000000000000:${httpId}/*/GET/*`]);
    }
  });

  it("a signed Cache-Control: max-age=0 invalidates a cached answer only when the caller's policies allow execute-api:InvalidateCache", async () => {
    const counter = await createFn(ctx.client(LambdaClient), `let n = 0; exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ n: ++n }) });`);
    const apigw = ctx.client(APIGatewayClient);
    const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName("cached") }));
    const resourceId = await ensurePath(apigw, api.id!, api.rootResourceId!, "/c");
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw.send(new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(counter) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "v1" }));
    await apigw.send(new UpdateStageCommand({ restApiId: api.id, stageName: "v1", patchOperations: [
      { op: "replace", path: "/cacheClusterEnabled", value: "true" }, { op: "replace", path: "/*/*/caching/enabled", value: "true" },
      { op: "replace", path: "/*/*/caching/unauthorizedCacheControlHeaderStrategy", value: "FAIL_WITH_403" },
    ] }));
    const path = `/_aws/execute-api/${api.id}/v1/c`;
    expect(json(await signedGet(path)).n).toBe(1);
    const refused = await signedGet(path, false, { "cache-control": "max-age=0" });
    expect(refused.status).toBe(403);
    expect(json(refused)).toEqual({ message: "Unauthorized" });

    const iam = ctx.client(IAMClient);
    await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: "cache", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:InvalidateCache", Resource: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/v1/GET/c` }] }) }));
    try {
      const fresh = await signedGet(path, false, { "cache-control": "max-age=0" });
      expect(fresh.status).toBe(200);
      expect(json(fresh).n).toBe(2);
    } finally {
      await iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: "cache" }));
    }
  });
});
