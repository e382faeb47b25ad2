/** GetExport: a deployed stage as an OpenAPI 3 or Swagger 2 document (JSON or YAML). */
import { stringify as toYaml } from "yaml";
import type { RequestContext } from "../../core/context.js";
import { docs, op } from "../control.js";
import { errors } from "../errors.js";
import { gatewayResponsesExtension } from "./gateway-responses.js";
import { restApiOf, type Method, type Snapshot, type Stage } from "./model.js";

function operationOf(method: Method, snapshot: Snapshot, withIntegrations: boolean, swagger: boolean): Record<string, unknown> {
  const operation: Record<string, unknown> = {};
  if (method.operationName) operation.operationId = method.operationName;
  const parameters = Object.entries(method.requestParameters ?? {}).map(([key, required]) => {
    const [, location, name] = /^method\.request\.(\w+)\.(.+)$/.exec(key) ?? [];
    return { name, in: location === "querystring" ? "query" : location, required: location === "path" ? true : required, ...(swagger ? { type: "string" } : { schema: { type: "string" } }) };
  });
  if (parameters.length) operation.parameters = parameters;
  operation.responses = Object.fromEntries(Object.keys(method.methodResponses ?? {}).map((s) => [s, { description: `${s} response` }]));
  const authorizer = snapshot.authorizers.find((a) => a.id === method.authorizerId);
  const security: Record<string, string[]>[] = [];
  if (authorizer) security.push({ [authorizer.name]: method.authorizationScopes ?? [] });
  if (method.apiKeyRequired) security.push({ api_key: [] });
  if (security.length) operation.security = security;
  if (method.authorizationType === "AWS_IAM") operation["x-amazon-apigateway-auth"] = { type: "AWS_IAM" };
  const integration = method.methodIntegration;
  if (withIntegrations && integration) {
    const responses: Record<string, unknown> = {};
    for (const r of Object.values(integration.integrationResponses ?? {})) responses[r.selectionPattern ?? "default"] = { statusCode: r.statusCode, ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}), ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}) };
    operation["x-amazon-apigateway-integration"] = {
      type: integration.type.toLowerCase(),
      ...(integration.httpMethod ? { httpMethod: integration.httpMethod } : {}),
      ...(integration.uri ? { uri: integration.uri } : {}),
      passthroughBehavior: integration.passthroughBehavior?.toLowerCase().replace(/_/g, "_"),
      ...(integration.requestTemplates ? { requestTemplates: integration.requestTemplates } : {}),
      ...(integration.requestParameters ? { requestParameters: integration.requestParameters } : {}),
      ...(Object.keys(responses).length ? { responses } : {}),
      timeoutInMillis: integration.timeoutInMillis,
    };
  }
  return operation;
}

export function exportDocument(ctx: RequestContext, snapshot: Snapshot, stage: Stage, swagger: boolean, withIntegrations: boolean): Record<string, unknown> {
  const api = snapshot.api;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const resource of [...snapshot.resources].sort((a, b) => a.path.localeCompare(b.path))) {
    for (const [m, method] of Object.entries(resource.resourceMethods ?? {})) {
      (paths[resource.path] ??= {})[m === "ANY" ? "x-amazon-apigateway-any-method" : m.toLowerCase()] = operationOf(method, snapshot, withIntegrations, swagger);
    }
  }
  const schemes: Record<string, unknown> = {};
  for (const a of snapshot.authorizers) {
    const header = /^method\.request\.header\.(.+)$/.exec(a.identitySource ?? "")?.[1] ?? "Authorization";
    schemes[a.name] = { type: "apiKey", name: header, in: "header", "x-amazon-apigateway-authtype": a.type === "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom", "x-amazon-apigateway-authorizer": { type: a.type.toLowerCase(), ...(a.authorizerUri ? { authorizerUri: a.authorizerUri } : {}), ...(a.providerARNs ? { providerARNs: a.providerARNs } : {}), ...(a.identitySource ? { identitySource: a.identitySource } : {}), authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds } };
  }
  if (snapshot.resources.some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.apiKeyRequired))) schemes.api_key = { type: "apiKey", name: "x-api-key", in: "header" };
  const models = Object.fromEntries(snapshot.models.filter((m) => m.schema).map((m) => [m.name, JSON.parse(m.schema!) as unknown]));
  const info = { title: api.name, ...(api.description ? { description: api.description } : {}), version: api.version ?? new Date(api.createdDate * 1000).toISOString() };
  const host = new URL(ctx.endpoint).host;
  const doc: Record<string, unknown> = swagger
    ? { swagger: "2.0", info, host, basePath: `/${stage.stageName}`, schemes: ["http"], paths, ...(Object.keys(schemes).length ? { securityDefinitions: schemes } : {}), ...(Object.keys(models).length ? { definitions: models } : {}) }
    : { openapi: "3.0.1", info, servers: [{ url: `http://${host}/_aws/execute-api/${api.id}/{basePath}`, variables: { basePath: { default: stage.stageName } } }], paths, components: { ...(Object.keys(schemes).length ? { securitySchemes: schemes } : {}), ...(Object.keys(models).length ? { schemas: models } : {}) } };
  if (api.binaryMediaTypes?.length) doc["x-amazon-apigateway-binary-media-types"] = api.binaryMediaTypes;
  const responses = gatewayResponsesExtension(snapshot.gatewayResponses);
  if (responses) doc["x-amazon-apigateway-gateway-responses"] = responses;
  return doc;
}

export const exportOperations = [
  op("GetExport", "GET", "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const stage = docs(ctx).get<Stage>(ctx, "stage", api.id, String(input.stage_name));
    if (!stage) throw errors.invalidStage();
    const type = String(input.export_type);
    if (type !== "oas30" && type !== "swagger") throw errors.badRequest(`Export type ${type} is not supported. Supported types are oas30 and swagger.`);
    const snapshot = docs(ctx).extra<Snapshot>(ctx, "deployment", api.id, stage.deploymentId);
    if (!snapshot) throw errors.invalidStage();
    const doc = exportDocument(ctx, snapshot, stage, type === "swagger", String(input.extensions ?? "").includes("integrations"));
    const yaml = String(input.accepts ?? "").includes("yaml");
    return {
      body: Buffer.from(yaml ? toYaml(doc) : JSON.stringify(doc, null, 2)),
      contentType: yaml ? "application/yaml" : "application/json",
      contentDisposition: `attachment; filename="${type}_${new Date(ctx.clock.now()).toISOString().replace(/[-:]/g, "").slice(0, 15)}.${yaml ? "yaml" : "json"}"`,
    };
  }, { query: { extensions: "extensions" }, headers: { accept: "accepts" }, outputPayload: "body", outputHeaders: { contentType: "content-type", contentDisposition: "content-disposition" } }),
];
