import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, DeleteGatewayResponseCommand, GetExportCommand, GetGatewayResponseCommand, GetGatewayResponsesCommand,
  ImportRestApiCommand, PutGatewayResponseCommand, PutIntegrationCommand, PutMethodCommand, PutRestApiCommand, UpdateGatewayResponseCommand,
} from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { callApi, createFn, ensurePath, handlers, json, lambdaUri } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);

/** An API whose GET /p proxies to a function and requires an API key, deployed to `s`. */
async function api(): Promise<string> {
  const fn = await createFn(ctx.client(LambdaClient), handlers.echoEvent);
  const created = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
  const apiId = created.id!;
  const r = await ensurePath(apigw(), apiId, created.rootResourceId!, "/p");
  await apigw().send(new PutMethodCommand({ restApiId: apiId, resourceId: r, httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true }));
  await apigw().send(new PutIntegrationCommand({ restApiId: apiId, resourceId: r, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fn) }));
  await apigw().send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "s" }));
  return apiId;
}

const deploy = (restApiId: string) => apigw().send(new CreateDeploymentCommand({ restApiId, stageName: "s" }));

describe("gateway responses", () => {
  it("lists every type with AWS's defaults, stores customizations, refuses unknown types", async () => {
    const apiId = await api();
    const all = (await apigw().send(new GetGatewayResponsesCommand({ restApiId: apiId }))).items!;
    expect(all).toHaveLength(21);
    expect(all.every((r) => r.defaultResponse === true)).toBe(true);
    expect(all.find((r) => r.responseType === "DEFAULT_4XX")!.statusCode).toBeUndefined();
    const unauthorized = await apigw().send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "UNAUTHORIZED" }));
    expect(unauthorized).toMatchObject({ responseType: "UNAUTHORIZED", statusCode: "401", defaultResponse: true, responseTemplates: { "application/json": '{"message":$context.error.messageString}' } });

    const put = await apigw().send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED", statusCode: "503", responseParameters: { "gatewayresponse.header.Retry-After": "'1'" } }));
    expect(put).toMatchObject({ responseType: "THROTTLED", statusCode: "503", defaultResponse: false, responseParameters: { "gatewayresponse.header.Retry-After": "'1'" } });
    const updated = await apigw().send(new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED", patchOperations: [{ op: "replace", path: "/statusCode", value: "429" }] }));
    expect(updated.statusCode).toBe("429");
    const listed = (await apigw().send(new GetGatewayResponsesCommand({ restApiId: apiId }))).items!;
    expect(listed.find((r) => r.responseType === "THROTTLED")).toMatchObject({ statusCode: "429", defaultResponse: false });

    await expect(apigw().send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "NOPE" as "THROTTLED" }))).rejects.toMatchObject({ name: "BadRequestException" });
    await expect(apigw().send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED", responseParameters: { "method.response.header.x": "'1'" } }))).rejects.toMatchObject({ name: "BadRequestException" });
    await expect(apigw().send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED", statusCode: "99" }))).rejects.toMatchObject({ name: "BadRequestException" });
    await expect(apigw().send(new GetGatewayResponsesCommand({ restApiId: "nosuchapi1" }))).rejects.toMatchObject({ name: "NotFoundException" });

    await apigw().send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED" }));
    expect((await apigw().send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "THROTTLED" }))).defaultResponse).toBe(true);
  });

  it("applies a type's customization to the gateway's own errors once deployed, and DEFAULT_4XX to the types not customized", async () => {
    const apiId = await api();
    await apigw().send(new PutGatewayResponseCommand({
      restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404",
      responseParameters: { "gatewayresponse.header.x-why": "'no such route'", "gatewayresponse.header.x-seen": "method.request.header.x-probe" },
      responseTemplates: { "application/json": '{"error":$context.error.messageString,"type":"$context.error.responseType","id":"$context.requestId"}' },
    }));
    // Not deployed yet: the stage still answers with the default.
    const before = await callApi(ctx.endpoint, apiId, "/s/nowhere");
    expect(before.status).toBe(403);
    expect(json(before)).toEqual({ message: "Missing Authentication Token" });

    await deploy(apiId);
    const after = await callApi(ctx.endpoint, apiId, "/s/nowhere", { headers: { "x-probe": "hello" } });
    expect(after.status).toBe(404);
    expect(after.headers["x-why"]).toBe("no such route");
    expect(after.headers["x-seen"]).toBe("hello");
    expect(after.headers["content-type"]).toBe("application/json");
    const body = json(after);
    expect(body).toEqual({ error: "Missing Authentication Token", type: "MISSING_AUTHENTICATION_TOKEN", id: after.headers["x-amzn-requestid"] });
    expect(after.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");

    // The API key check's 403 (INVALID_API_KEY) is not customized: DEFAULT_4XX's headers apply, then its status code.
    await apigw().send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: "DEFAULT_4XX", responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } }));
    await deploy(apiId);
    const noKey = await callApi(ctx.endpoint, apiId, "/s/p");
    expect(noKey.status).toBe(403);
    expect(noKey.headers["access-control-allow-origin"]).toBe("*");
    expect(json(noKey)).toEqual({ message: "Forbidden" });
    const stillMissing = await callApi(ctx.endpoint, apiId, "/s/nowhere");
    expect(stillMissing.status).toBe(404);
    expect(stillMissing.headers["access-control-allow-origin"]).toBeUndefined();

    await apigw().send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: "DEFAULT_4XX", statusCode: "418" }));
    await apigw().send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" }));
    await deploy(apiId);
    expect((await callApi(ctx.endpoint, apiId, "/s/p")).status).toBe(418);
    const reset = await callApi(ctx.endpoint, apiId, "/s/nowhere");
    expect(reset.status).toBe(418);
    expect(json(reset)).toEqual({ message: "Missing Authentication Token" });
  });

  it("come from x-amazon-apigateway-gateway-responses on import, go back out on export, and are replaced by an overwrite", async () => {
    const doc = {
      openapi: "3.0.1", info: { title: uniqueName("gr"), version: "1" },
      paths: { "/only": { get: { "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } } } } },
      "x-amazon-apigateway-gateway-responses": {
        MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, responseParameters: { "gatewayresponse.header.x-from": "'openapi'" }, responseTemplates: { "application/json": '{"missing":$context.error.messageString}' } },
      },
    };
    const imported = await apigw().send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    const apiId = imported.id!;
    expect(await apigw().send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" }))).toMatchObject({ statusCode: "404", defaultResponse: false, responseParameters: { "gatewayresponse.header.x-from": "'openapi'" } });
    await deploy(apiId);
    const res = await callApi(ctx.endpoint, apiId, "/s/elsewhere");
    expect(res.status).toBe(404);
    expect(res.headers["x-from"]).toBe("openapi");
    expect(json(res)).toEqual({ missing: "Missing Authentication Token" });

    const exported = await apigw().send(new GetExportCommand({ restApiId: apiId, stageName: "s", exportType: "oas30" }));
    const out = JSON.parse(Buffer.from(exported.body!).toString("utf8")) as Record<string, unknown>;
    expect(out["x-amazon-apigateway-gateway-responses"]).toEqual({ MISSING_AUTHENTICATION_TOKEN: { statusCode: "404", responseParameters: { "gatewayresponse.header.x-from": "'openapi'" }, responseTemplates: { "application/json": '{"missing":$context.error.messageString}' } } });

    const { ["x-amazon-apigateway-gateway-responses"]: _dropped, ...without } = doc;
    await apigw().send(new PutRestApiCommand({ restApiId: apiId, mode: "overwrite", body: Buffer.from(JSON.stringify(without)) }));
    expect((await apigw().send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" }))).defaultResponse).toBe(true);
    const bad = { ...doc, "x-amazon-apigateway-gateway-responses": { NOT_A_TYPE: { statusCode: 400 } } };
    await expect(apigw().send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(bad)) }))).rejects.toMatchObject({ name: "BadRequestException" });
  });
});
