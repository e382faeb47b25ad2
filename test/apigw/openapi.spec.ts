import { APIGatewayClient, CreateDeploymentCommand, GetExportCommand, GetResourcesCommand, ImportRestApiCommand, PutRestApiCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, CreateStageCommand, ExportApiCommand, GetRoutesCommand, ImportApiCommand, ReimportApiCommand } from "@aws-sdk/client-apigatewayv2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { callApi, createFn, handlers, json, lambdaUri } from "./fixtures.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);
const v2 = (): ApiGatewayV2Client => ctx.client(ApiGatewayV2Client);

let fnArn = "";
beforeAll(async () => {
  fnArn = await createFn(ctx.client(LambdaClient), handlers.echoEvent);
});

const restDocument = (fn: string): string => `
openapi: 3.0.1
info:
  title: pets-api
  version: "1.0"
x-amazon-apigateway-request-validators:
  body:
    validateRequestBody: true
    validateRequestParameters: true
paths:
  /pets:
    post:
      x-amazon-apigateway-request-validator: body
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Pet"
      responses:
        "200":
          description: ok
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${lambdaUri(fn)}
  /pets/{petId}:
    get:
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${lambdaUri(fn)}
  /health:
    get:
      responses:
        "200":
          description: ok
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{"healthy": true}'
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
`;

describe("REST API from OpenAPI", () => {
  it("imports a YAML document into working routes, with validation from its model", async () => {
    const api = await apigw().send(new ImportRestApiCommand({ body: Buffer.from(restDocument(fnArn)) }));
    expect(api.name).toBe("pets-api");
    const resources = await apigw().send(new GetResourcesCommand({ restApiId: api.id }));
    expect(resources.items?.map((r) => r.path).sort()).toEqual(["/", "/health", "/pets", "/pets/{petId}"]);
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "v1" }));
    const pet = await callApi(ctx.endpoint, api.id!, "/v1/pets/p7");
    expect(pet.status).toBe(200);
    expect(json(pet)).toMatchObject({ resource: "/pets/{petId}", pathParameters: { petId: "p7" } });
    expect(json(await callApi(ctx.endpoint, api.id!, "/v1/health"))).toEqual({ healthy: true });
    const invalid = await callApi(ctx.endpoint, api.id!, "/v1/pets", { method: "POST", headers: { "content-type": "application/json" }, body: '{"nom":"x"}' });
    expect(invalid.status).toBe(400);
    expect(json(invalid)).toEqual({ message: "Invalid request body" });
    expect((await callApi(ctx.endpoint, api.id!, "/v1/pets", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"rex"}' })).status).toBe(200);
  });

  it("exports the stage as OpenAPI 3 with its integrations, and overwrites with PutRestApi", async () => {
    const api = await apigw().send(new ImportRestApiCommand({ body: Buffer.from(restDocument(fnArn)) }));
    await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "v1" }));
    const exported = await apigw().send(new GetExportCommand({ restApiId: api.id, stageName: "v1", exportType: "oas30", parameters: { extensions: "integrations" }, accepts: "application/yaml" }));
    const doc = parseYaml(Buffer.from(exported.body!).toString("utf8")) as { openapi: string; info: { title: string }; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.openapi).toBe("3.0.1");
    expect(doc.info.title).toBe("pets-api");
    expect(Object.keys(doc.paths).sort()).toEqual(["/health", "/pets", "/pets/{petId}"]);
    expect(doc.paths["/pets/{petId}"]!.get!["x-amazon-apigateway-integration"]).toMatchObject({ type: "aws_proxy", uri: lambdaUri(fnArn) });
    const replaced = `{"openapi":"3.0.1","info":{"title":"pets-api","version":"2"},"paths":{"/only":{"get":{"x-amazon-apigateway-integration":{"type":"mock","requestTemplates":{"application/json":"{\\"statusCode\\": 200}"},"responses":{"default":{"statusCode":"200"}}}}}}}`;
    await apigw().send(new PutRestApiCommand({ restApiId: api.id, mode: "overwrite", body: Buffer.from(replaced) }));
    const resources = await apigw().send(new GetResourcesCommand({ restApiId: api.id }));
    expect(resources.items?.map((r) => r.path).sort()).toEqual(["/", "/only"]);
  });

  it("refuses a document that is not OpenAPI", async () => {
    await expectAwsError(apigw().send(new ImportRestApiCommand({ body: Buffer.from('{"hello": 1}') })), { name: "BadRequestException", status: 400 });
  });
});

describe("HTTP API from OpenAPI", () => {
  it("imports routes, integrations and CORS; reimports and exports", async () => {
    const document = {
      openapi: "3.0.1",
      info: { title: "items-http", version: "1" },
      "x-amazon-apigateway-cors": { allowOrigins: ["http://web.example"], allowMethods: ["GET"] },
      paths: {
        "/items/{id}": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: fnArn, payloadFormatVersion: "2.0", httpMethod: "POST" } } },
        "/$default": { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: fnArn, payloadFormatVersion: "2.0" } } },
      },
    };
    const api = await v2().send(new ImportApiCommand({ Body: JSON.stringify(document) }));
    expect(api.Name).toBe("items-http");
    expect(api.CorsConfiguration?.AllowOrigins).toEqual(["http://web.example"]);
    const routes = await v2().send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes.Items?.map((r) => r.RouteKey).sort()).toEqual(["$default", "GET /items/{id}"]);
    await v2().send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
    const res = await callApi(ctx.endpoint, api.ApiId!, "/items/3", { headers: { origin: "http://web.example" } });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("http://web.example");
    expect(json(res)).toMatchObject({ routeKey: "GET /items/{id}", pathParameters: { id: "3" } });
    const exported = await v2().send(new ExportApiCommand({ ApiId: api.ApiId, Specification: "OAS30", OutputType: "JSON" }));
    const doc = JSON.parse(Buffer.from(exported.body!).toString("utf8")) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual(["/$default", "/items/{id}"]);
    document.paths = { "/other": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: fnArn, payloadFormatVersion: "2.0", httpMethod: "POST" } } } } as never;
    await v2().send(new ReimportApiCommand({ ApiId: api.ApiId, Body: JSON.stringify(document) }));
    expect((await v2().send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items?.map((r) => r.RouteKey)).toEqual(["GET /other"]);
  });
});
