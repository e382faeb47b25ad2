/** ImportApi, ReimportApi and ExportApi: HTTP APIs from and to OpenAPI 3 documents. */
import { stringify as toYaml } from "yaml";
import type { RequestContext } from "../../core/context.js";
import { docs, op, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import { obj, operations, parseDocument, securityOf, securitySchemes, type OpenApiDoc } from "../openapi.js";
import { createApi } from "./apis.js";
import { buildAuthorizer, buildIntegration, buildRoute, snapshotV2 } from "./children.js";
import { apiOf, type Api, type Cors, type V2Stage } from "./model.js";

function corsFromDoc(doc: OpenApiDoc): Cors | undefined {
  const c = obj(doc["x-amazon-apigateway-cors"]);
  if (Object.keys(c).length === 0) return undefined;
  return { allowOrigins: c.allowOrigins as string[], allowMethods: c.allowMethods as string[], allowHeaders: c.allowHeaders as string[], exposeHeaders: c.exposeHeaders as string[], maxAge: c.maxAge as number, allowCredentials: c.allowCredentials as boolean };
}

function apply(ctx: RequestContext, api: Api, doc: OpenApiDoc): void {
  const store = docs(ctx);
  const authorizerIds = new Map<string, string>();
  for (const [name, scheme] of Object.entries(securitySchemes(doc))) {
    const ext = obj(scheme["x-amazon-apigateway-authorizer"]);
    if (Object.keys(ext).length === 0) continue;
    const type = String(ext.type ?? "").toUpperCase();
    const identitySource = typeof ext.identitySource === "string" ? ext.identitySource.split(",").map((s) => s.trim()) : ext.identitySource;
    const authorizer = buildAuthorizer(api, { ...ext, name, authorizerType: type, identitySource });
    store.put(ctx, "v2authorizer", api.apiId, authorizer.authorizerId, authorizer);
    authorizerIds.set(name, authorizer.authorizerId);
  }
  for (const { path, method, op: operation } of operations(doc)) {
    const ext = obj(operation["x-amazon-apigateway-integration"]);
    let target: string | undefined;
    if (Object.keys(ext).length > 0) {
      const integration = buildIntegration(api, { integrationType: String(ext.type ?? "").toUpperCase(), integrationUri: ext.uri, integrationMethod: ext.httpMethod, payloadFormatVersion: ext.payloadFormatVersion, timeoutInMillis: ext.timeoutInMillis, connectionType: ext.connectionType });
      store.put(ctx, "integration", api.apiId, integration.integrationId, integration);
      target = `integrations/${integration.integrationId}`;
    }
    const scheme = securityOf(doc, operation).find((s) => authorizerIds.has(s));
    const schemeType = scheme ? String(obj(securitySchemes(doc)[scheme]!["x-amazon-apigateway-authorizer"]).type).toUpperCase() : undefined;
    const scopes = scheme ? ((operation.security ?? doc.security) as Record<string, string[]>[]).map((s) => s[scheme]).find(Array.isArray) : undefined;
    const route = buildRoute(api, {
      routeKey: path === "/$default" ? "$default" : `${method} ${path}`,
      target,
      authorizationType: scheme ? (schemeType === "JWT" ? "JWT" : "CUSTOM") : "NONE",
      authorizerId: scheme ? authorizerIds.get(scheme) : undefined,
      authorizationScopes: scopes?.length ? scopes : undefined,
      operationName: operation.operationId,
    });
    store.put(ctx, "route", api.apiId, route.routeId, route);
  }
  const cors = corsFromDoc(doc);
  if (cors) api.corsConfiguration = cors;
  const info = obj(doc.info);
  if (typeof info.description === "string") api.description = info.description;
  if (typeof info.version === "string") api.version = info.version;
  store.put(ctx, "api", "", api.apiId, api);
}

function documentOf(input: Input): OpenApiDoc {
  const doc = parseDocument(input.body);
  if (typeof doc.openapi !== "string") throw errors.badRequest("Only OpenAPI 3.0 definitions are supported for HTTP APIs.");
  return doc;
}

export function exportApi(ctx: RequestContext, api: Api, stageName: string | undefined, withExtensions: boolean): Record<string, unknown> {
  const stage = stageName ? docs(ctx).get<V2Stage>(ctx, "v2stage", api.apiId, stageName) : undefined;
  if (stageName && !stage) throw errors.notFound(`Invalid stage identifier specified ${stageName}`);
  const snapshot = stage && !stage.autoDeploy && stage.deploymentId ? docs(ctx).extra<ReturnType<typeof snapshotV2>>(ctx, "v2deployment", api.apiId, stage.deploymentId) ?? snapshotV2(ctx, api) : snapshotV2(ctx, api);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of snapshot.routes) {
    const [method, path] = route.routeKey === "$default" ? ["ANY", "/$default"] : route.routeKey.split(" ") as [string, string];
    const operation: Record<string, unknown> = { responses: { default: { description: "Default response" } } };
    if (route.operationName) operation.operationId = route.operationName;
    const authorizer = snapshot.authorizers.find((a) => a.authorizerId === route.authorizerId);
    if (authorizer) operation.security = [{ [authorizer.name]: route.authorizationScopes ?? [] }];
    const integration = snapshot.integrations.find((i) => `integrations/${i.integrationId}` === route.target);
    if (withExtensions && integration) {
      operation["x-amazon-apigateway-integration"] = { type: integration.integrationType.toLowerCase(), ...(integration.integrationUri ? { uri: integration.integrationUri } : {}), ...(integration.integrationMethod ? { httpMethod: integration.integrationMethod } : {}), payloadFormatVersion: integration.payloadFormatVersion, connectionType: integration.connectionType, timeoutInMillis: integration.timeoutInMillis };
    }
    (paths[path] ??= {})[method === "ANY" ? "x-amazon-apigateway-any-method" : method.toLowerCase()] = operation;
  }
  const schemes: Record<string, unknown> = {};
  for (const a of snapshot.authorizers) {
    schemes[a.name] = a.authorizerType === "JWT"
      ? { type: "oauth2", flows: {}, "x-amazon-apigateway-authorizer": { type: "jwt", jwtConfiguration: a.jwtConfiguration, identitySource: a.identitySource.join(",") } }
      : { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authorizer": { type: "request", authorizerUri: a.authorizerUri, authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion, enableSimpleResponses: a.enableSimpleResponses, identitySource: a.identitySource.join(","), authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds } };
  }
  const doc: Record<string, unknown> = { openapi: "3.0.1", info: { title: api.name, ...(api.description ? { description: api.description } : {}), version: api.version ?? api.createdDate }, paths };
  if (Object.keys(schemes).length) doc.components = { securitySchemes: schemes };
  if (withExtensions && api.corsConfiguration) doc["x-amazon-apigateway-cors"] = api.corsConfiguration;
  if (withExtensions) doc["x-amazon-apigateway-importexport-version"] = "1.0";
  return doc;
}

export const openApiOperations = [
  op("ImportApi", "PUT", "/v2/apis", (input, ctx) => {
    const doc = documentOf(input);
    const title = obj(doc.info).title;
    if (typeof title !== "string" || !title) throw errors.badRequest("Invalid OpenAPI input: info.title is required.");
    return docs(ctx).txn(() => {
      const api = createApi(ctx, { name: title, protocolType: "HTTP" });
      apply(ctx, api, doc);
      return apiOf(ctx, api.apiId);
    });
  }, { status: 201, query: { basepath: "basepath", failOnWarnings: "failOnWarnings:boolean" } }),
  op("ReimportApi", "PUT", "/v2/apis/{apiId}", (input, ctx) => {
    const api = apiOf(ctx, input.apiId);
    const doc = documentOf(input);
    const store = docs(ctx);
    return store.txn(() => {
      for (const kind of ["route", "integration", "v2authorizer"] as const) {
        for (const d of store.list<Record<string, string>>(ctx, kind, api.apiId)) store.delete(ctx, kind, api.apiId, d.routeId ?? d.integrationId ?? d.authorizerId!);
      }
      delete api.corsConfiguration;
      const title = obj(doc.info).title;
      if (typeof title === "string" && title) api.name = title;
      apply(ctx, api, doc);
      return apiOf(ctx, api.apiId);
    });
  }, { status: 201, query: { basepath: "basepath", failOnWarnings: "failOnWarnings:boolean" } }),
  op("ExportApi", "GET", "/v2/apis/{apiId}/exports/{specification}", (input, ctx) => {
    const api = apiOf(ctx, input.apiId);
    if (input.specification !== "OAS30") throw errors.badRequest("Only OAS30 is supported");
    const outputType = str(input, "outputType");
    if (outputType !== "JSON" && outputType !== "YAML") throw errors.badRequest("OutputType must be JSON or YAML");
    const doc = exportApi(ctx, api, str(input, "stageName"), input.includeExtensions !== false);
    return { body: Buffer.from(outputType === "YAML" ? toYaml(doc) : JSON.stringify(doc, null, 2)) };
  }, { query: { outputType: "outputType", stageName: "stageName", includeExtensions: "includeExtensions:boolean", exportVersion: "exportVersion" }, outputPayload: "body" }),
];
