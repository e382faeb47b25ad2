/** ImportRestApi and PutRestApi: a REST API built from an OpenAPI 3 / Swagger 2 document. */
import type { RequestContext } from "../../core/context.js";
import { docs, op, type Input } from "../control.js";
import { errors } from "../errors.js";
import { modelSchema, obj, operations, parseDocument, refName, schemas, securityOf, securitySchemes, type OpenApiDoc } from "../openapi.js";
import { createRestApi } from "./apis.js";
import { buildAuthorizer, buildModel, buildValidator } from "./auth.js";
import { buildIntegration, buildIntegrationResponse, buildMethod } from "./methods.js";
import { gatewayResponsesFromExtension } from "./gateway-responses.js";
import { restApiOf, type Resource, type RestApi } from "./model.js";
import { createResource } from "./resources.js";

function apply(ctx: RequestContext, api: RestApi, doc: OpenApiDoc): void {
  const store = docs(ctx);
  const authorizerIds = new Map<string, string>();
  const apiKeySchemes = new Set<string>();
  for (const [name, scheme] of Object.entries(securitySchemes(doc))) {
    const ext = obj(scheme["x-amazon-apigateway-authorizer"]);
    if (Object.keys(ext).length === 0) {
      if (scheme.type === "apiKey" && String(scheme.name).toLowerCase() === "x-api-key") apiKeySchemes.add(name);
      continue;
    }
    const type = String(ext.type ?? "token").toUpperCase();
    const authorizer = buildAuthorizer({ ...ext, name, type, identitySource: ext.identitySource ?? (scheme.in === "header" ? `method.request.header.${String(scheme.name)}` : undefined) });
    store.put(ctx, "authorizer", api.id, authorizer.id, authorizer);
    authorizerIds.set(name, authorizer.id);
  }
  const validatorIds = new Map<string, string>();
  for (const [name, v] of Object.entries(obj(doc["x-amazon-apigateway-request-validators"]))) {
    const validator = buildValidator({ ...obj(v), name });
    store.put(ctx, "validator", api.id, validator.id, validator);
    validatorIds.set(name, validator.id);
  }
  for (const [name, schema] of Object.entries(schemas(doc))) {
    const model = buildModel({ name, contentType: "application/json", schema: modelSchema(schema, api.id) });
    store.put(ctx, "model", api.id, model.name, model);
  }
  const resources = new Map<string, Resource>([["/", store.get<Resource>(ctx, "resource", api.id, api.rootResourceId)!]]);
  const resourceFor = (path: string): Resource => {
    const normal = path === "" ? "/" : path.replace(/\/+$/, "") || "/";
    let found = resources.get(normal);
    if (found) return found;
    const parent = resourceFor(normal.slice(0, normal.lastIndexOf("/")) || "/");
    found = createResource(ctx, api.id, parent, normal.slice(normal.lastIndexOf("/") + 1));
    resources.set(normal, found);
    return found;
  };
  const defaultValidator = doc["x-amazon-apigateway-request-validator"];
  for (const { path, method, op: operation, pathItem } of operations(doc)) {
    const resource = resourceFor(path);
    const security = securityOf(doc, operation);
    const custom = security.find((s) => authorizerIds.has(s));
    const customType = custom ? String(obj(obj(securitySchemes(doc)[custom])["x-amazon-apigateway-authorizer"]).type ?? "token").toUpperCase() : undefined;
    const authType = String(obj(operation["x-amazon-apigateway-auth"]).type ?? "").toUpperCase();
    const requestParameters: Record<string, boolean> = {};
    for (const p of [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map(obj)) {
      const location = p.in === "query" ? "querystring" : p.in;
      if (location === "path" || location === "querystring" || location === "header") requestParameters[`method.request.${location}.${String(p.name)}`] = p.required === true;
    }
    const bodyRef = refName(obj(obj(obj(obj(operation.requestBody).content)["application/json"]).schema).$ref) ?? refName(obj(((operation.parameters as unknown[]) ?? []).map(obj).find((p) => p.in === "body")?.schema).$ref);
    const validatorName = operation["x-amazon-apigateway-request-validator"] ?? defaultValidator;
    const built = buildMethod(method, {
      authorizationType: custom ? (customType === "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM") : authType === "AWS_IAM" ? "AWS_IAM" : "NONE",
      authorizerId: custom ? authorizerIds.get(custom) : undefined,
      apiKeyRequired: security.some((s) => apiKeySchemes.has(s)),
      operationName: operation.operationId,
      requestParameters: Object.keys(requestParameters).length ? requestParameters : undefined,
      requestModels: bodyRef ? { "application/json": bodyRef } : undefined,
      requestValidatorId: typeof validatorName === "string" ? validatorIds.get(validatorName) : undefined,
    });
    for (const status of Object.keys(obj(operation.responses))) if (/^\d{3}$/.test(status)) (built.methodResponses ??= {})[status] = { statusCode: status };
    const ext = obj(operation["x-amazon-apigateway-integration"]);
    if (Object.keys(ext).length > 0) {
      const integration = buildIntegration(resource.id, { ...ext, type: String(ext.type ?? "").toUpperCase() });
      for (const [pattern, r] of Object.entries(obj(ext.responses))) {
        const response = buildIntegrationResponse(String(obj(r).statusCode ?? "200"), { ...obj(r), selectionPattern: pattern === "default" ? undefined : pattern });
        (integration.integrationResponses ??= {})[response.statusCode] = response;
      }
      built.methodIntegration = integration;
    }
    (resource.resourceMethods ??= {})[method] = built;
    store.put(ctx, "resource", api.id, resource.id, resource);
  }
  const info = obj(doc.info);
  if (typeof info.description === "string") api.description = info.description;
  if (typeof info.version === "string") api.version = info.version;
  const binary = doc["x-amazon-apigateway-binary-media-types"];
  if (Array.isArray(binary)) api.binaryMediaTypes = binary.map(String);
  if (doc["x-amazon-apigateway-api-key-source"] === "AUTHORIZER") api.apiKeySource = "AUTHORIZER";
  for (const response of gatewayResponsesFromExtension(doc["x-amazon-apigateway-gateway-responses"])) store.put(ctx, "gatewayresponse", api.id, response.responseType, response);
  store.put(ctx, "restapi", "", api.id, api);
}

export function importRestApi(ctx: RequestContext, body: unknown): RestApi {
  const doc = parseDocument(body);
  const title = obj(doc.info).title;
  if (typeof title !== "string" || !title) throw errors.badRequest("Invalid OpenAPI input: info.title is required.");
  const store = docs(ctx);
  return store.txn(() => {
    const api = createRestApi(ctx, { name: title });
    apply(ctx, api, doc);
    return restApiOf(ctx, api.id);
  });
}

export const importOperations = [
  op("ImportRestApi", "POST", "/restapis", (input: Input, ctx) => importRestApi(ctx, input.body), { requiredQuery: ["mode"], payload: "body", query: { failonwarnings: "failOnWarnings:boolean" } }),
  op("PutRestApi", "PUT", "/restapis/{restapi_id}", (input: Input, ctx) => {
    const existing = restApiOf(ctx, input.restapi_id);
    const doc = parseDocument(input.body);
    const store = docs(ctx);
    return store.txn(() => {
      if (input.mode !== "merge") {
        // Overwrite: the API keeps its id, root resource and stages; everything else is replaced.
        for (const kind of ["resource", "authorizer", "validator", "model"] as const) {
          for (const d of store.list<{ id: string; name?: string }>(ctx, kind, existing.id)) if (d.id !== existing.rootResourceId) store.delete(ctx, kind, existing.id, kind === "model" ? d.name! : d.id);
        }
        for (const r of store.list<{ responseType: string }>(ctx, "gatewayresponse", existing.id)) store.delete(ctx, "gatewayresponse", existing.id, r.responseType);
        store.put(ctx, "resource", existing.id, existing.rootResourceId, { id: existing.rootResourceId, path: "/" });
      }
      apply(ctx, existing, doc);
      return restApiOf(ctx, existing.id);
    });
  }, { status: 200, payload: "body", query: { mode: "mode", failonwarnings: "failOnWarnings:boolean" } }),
];

