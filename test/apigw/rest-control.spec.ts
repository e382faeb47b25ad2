import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, DeleteRestApiCommand, GetMethodCommand,
  GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateRestApiCommand, UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);

describe("rest apis", () => {
  it("creates an API with its root resource and lists it", async () => {
    const name = uniqueName("api");
    const api = await apigw().send(new CreateRestApiCommand({ name, description: "d", binaryMediaTypes: ["image/png"] }));
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(api.apiKeySource).toBe("HEADER");
    expect(api.endpointConfiguration?.types).toEqual(["EDGE"]);
    const resources = await apigw().send(new GetResourcesCommand({ restApiId: api.id }));
    expect(resources.items).toEqual([{ id: api.rootResourceId, path: "/" }]);
    const listed = await apigw().send(new GetRestApisCommand({}));
    expect(listed.items?.some((a) => a.id === api.id && a.name === name)).toBe(true);
    const updated = await apigw().send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: "replace", path: "/description", value: "new" }, { op: "add", path: "/binaryMediaTypes/image~1jpeg" }] }));
    expect(updated.description).toBe("new");
    expect(updated.binaryMediaTypes).toEqual(["image/png", "image/jpeg"]);
  });

  it("answers NotFoundException for an unknown API and after DeleteRestApi", async () => {
    await expectAwsError(apigw().send(new GetRestApiCommand({ restApiId: "nope123456" })), { name: "NotFoundException", status: 404, message: "Invalid API identifier specified 000000000000:nope123456" });
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    await apigw().send(new DeleteRestApiCommand({ restApiId: api.id }));
    await expectAwsError(apigw().send(new GetRestApiCommand({ restApiId: api.id })), { name: "NotFoundException", status: 404 });
  });

  it("requires a name", async () => {
    await expectAwsError(apigw().send(new CreateRestApiCommand({ name: "" })), { name: "BadRequestException", status: 400 });
  });
});

describe("resources, methods, integrations", () => {
  it("builds a tree with path parameters and refuses a duplicate sibling", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const items = await apigw().send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "items" }));
    const item = await apigw().send(new CreateResourceCommand({ restApiId: api.id, parentId: items.id, pathPart: "{id}" }));
    expect(item.path).toBe("/items/{id}");
    expect(item.parentId).toBe(items.id);
    await expectAwsError(apigw().send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "items" })), {
      name: "ConflictException", status: 409, message: "Another resource with the same parent already has this name: items",
    });
  });

  it("stores a method with its integration and responses, embedded in GetResources", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    const r = api.rootResourceId!;
    const method = await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true, requestParameters: { "method.request.querystring.q": true } }));
    expect(method).toMatchObject({ httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true });
    await expectAwsError(apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", authorizationType: "NONE" })), { name: "ConflictException", status: 409 });
    await apigw().send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", statusCode: "200" }));
    const integration = await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    expect(integration).toMatchObject({ type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29000, cacheNamespace: r, cacheKeyParameters: [] });
    await apigw().send(new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET", statusCode: "200", responseTemplates: { "application/json": '{"ok": true}' } }));
    const got = await apigw().send(new GetMethodCommand({ restApiId: api.id, resourceId: r, httpMethod: "GET" }));
    expect(got.methodResponses?.["200"]).toEqual({ statusCode: "200" });
    expect(got.methodIntegration?.integrationResponses?.["200"]?.responseTemplates).toEqual({ "application/json": '{"ok": true}' });
    const embedded = await apigw().send(new GetResourcesCommand({ restApiId: api.id, embed: ["methods"] }));
    expect(embedded.items?.[0]?.resourceMethods?.GET?.methodIntegration?.type).toBe("MOCK");
    const plain = await apigw().send(new GetResourcesCommand({ restApiId: api.id }));
    expect(plain.items?.[0]?.resourceMethods).toEqual({ GET: {} });
  });

  it("refuses an integration without a method, and a deployment without methods", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    await expectAwsError(apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK" })), { name: "NotFoundException", status: 404, message: "Invalid Method identifier specified" });
    await expectAwsError(apigw().send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "x" })), { name: "BadRequestException", status: 400, message: "The REST API doesn't contain any methods" });
  });
});

describe("deployments and stages", () => {
  it("creates a stage with variables and method settings", async () => {
    const api = await apigw().send(new CreateRestApiCommand({ name: uniqueName("api") }));
    await apigw().send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw().send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK" }));
    const deployment = await apigw().send(new CreateDeploymentCommand({ restApiId: api.id, description: "first" }));
    const stage = await apigw().send(new CreateStageCommand({ restApiId: api.id, stageName: "prod", deploymentId: deployment.id, variables: { table: "t1" } }));
    expect(stage).toMatchObject({ stageName: "prod", deploymentId: deployment.id, variables: { table: "t1" }, cacheClusterEnabled: false });
    await expectAwsError(apigw().send(new CreateStageCommand({ restApiId: api.id, stageName: "prod", deploymentId: deployment.id })), { name: "ConflictException", status: 409, message: "Stage already exists" });
    const updated = await apigw().send(new UpdateStageCommand({
      restApiId: api.id, stageName: "prod",
      patchOperations: [{ op: "replace", path: "/variables/table", value: "t2" }, { op: "replace", path: "/*/*/throttling/rateLimit", value: "5" }],
    }));
    expect(updated.variables).toEqual({ table: "t2" });
    expect(updated.methodSettings?.["*/*"]?.throttlingRateLimit).toBe(5);
    expect((await apigw().send(new GetStageCommand({ restApiId: api.id, stageName: "prod" }))).variables).toEqual({ table: "t2" });
    await expectAwsError(apigw().send(new GetStageCommand({ restApiId: api.id, stageName: "nope" })), { name: "NotFoundException", status: 404, message: "Invalid stage identifier specified" });
  });
});
