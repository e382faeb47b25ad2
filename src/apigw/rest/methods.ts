/** Methods, method responses, integrations and integration responses (all nested in a resource). */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, op, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import { methodOf, resourceOf, restApiOf, type Integration, type IntegrationResponse, type Method, type MethodResponse, type Resource } from "./model.js";

const METHOD_PATH = "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}";
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]);
const INTEGRATION_TYPES = new Set(["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]);

/** Loads the resource, lets `change` edit it, saves it; returns what `change` returns. */
function withResource<T>(ctx: RequestContext, input: Input, change: (resource: Resource) => T): T {
  const api = restApiOf(ctx, input.restapi_id);
  const resource = resourceOf(ctx, api.id, input.resource_id);
  const out = change(resource);
  docs(ctx).put(ctx, "resource", api.id, resource.id, resource);
  return out;
}

function read<T>(ctx: RequestContext, input: Input, pick: (method: Method) => T): T {
  const api = restApiOf(ctx, input.restapi_id);
  return pick(methodOf(resourceOf(ctx, api.id, input.resource_id), input.http_method));
}

export function buildMethod(httpMethod: string, input: Input): Method {
  const authorizationType = str(input, "authorizationType");
  if (!authorizationType) throw errors.badRequest("Invalid authorization type specified");
  if (!["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"].includes(authorizationType)) throw errors.badRequest(`Invalid authorization type specified. Valid values are NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS.`);
  const method: Method = { httpMethod, authorizationType, apiKeyRequired: input.apiKeyRequired === true };
  if (authorizationType === "CUSTOM" || authorizationType === "COGNITO_USER_POOLS") {
    if (!str(input, "authorizerId")) throw errors.badRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
    method.authorizerId = str(input, "authorizerId");
  }
  for (const key of ["requestValidatorId", "operationName"] as const) if (str(input, key)) method[key] = str(input, key);
  if (input.requestParameters && typeof input.requestParameters === "object") method.requestParameters = input.requestParameters as Record<string, boolean>;
  if (input.requestModels && typeof input.requestModels === "object") method.requestModels = input.requestModels as Record<string, string>;
  if (Array.isArray(input.authorizationScopes)) method.authorizationScopes = input.authorizationScopes.map(String);
  return method;
}

export function buildIntegration(resourceId: string, input: Input): Integration {
  const type = str(input, "type");
  if (!type || !INTEGRATION_TYPES.has(type)) throw errors.badRequest("Invalid integration type specified");
  const integration: Integration = { type: type as Integration["type"], timeoutInMillis: 29000, cacheNamespace: resourceId, cacheKeyParameters: [] };
  if (type !== "MOCK") {
    const httpMethod = str(input, "httpMethod");
    if (!httpMethod) throw errors.badRequest("Enumeration value for HttpMethod must be non-empty");
    const uri = str(input, "uri");
    if (!uri) throw errors.badRequest(type.startsWith("AWS") ? "Invalid ARN specified in the request" : "Invalid HTTP endpoint specified for URI");
    if (type.startsWith("AWS") && !uri.startsWith("arn:")) throw errors.badRequest("AWS ARN for integration must contain path or action");
    if (type.startsWith("HTTP") && !/^https?:\/\//.test(uri)) throw errors.badRequest("Invalid HTTP endpoint specified for URI");
    integration.httpMethod = httpMethod;
    integration.uri = uri;
    integration.connectionType = str(input, "connectionType") ?? "INTERNET";
  }
  integration.passthroughBehavior = str(input, "passthroughBehavior") ?? "WHEN_NO_MATCH";
  for (const key of ["credentials", "contentHandling", "cacheNamespace"] as const) if (str(input, key)) integration[key] = str(input, key);
  if (input.requestParameters && typeof input.requestParameters === "object") integration.requestParameters = input.requestParameters as Record<string, string>;
  if (input.requestTemplates && typeof input.requestTemplates === "object") integration.requestTemplates = input.requestTemplates as Record<string, string>;
  if (Array.isArray(input.cacheKeyParameters)) integration.cacheKeyParameters = input.cacheKeyParameters.map(String);
  if (typeof input.timeoutInMillis === "number") {
    if (input.timeoutInMillis < 50 || input.timeoutInMillis > 29000) throw errors.badRequest("Timeout should be between 50 ms and 29000 ms");
    integration.timeoutInMillis = input.timeoutInMillis;
  }
  return integration;
}

export function buildIntegrationResponse(statusCode: string, input: Input): IntegrationResponse {
  const response: IntegrationResponse = { statusCode };
  if (str(input, "selectionPattern") !== undefined) response.selectionPattern = str(input, "selectionPattern");
  if (str(input, "contentHandling")) response.contentHandling = str(input, "contentHandling");
  if (input.responseParameters && typeof input.responseParameters === "object") response.responseParameters = input.responseParameters as Record<string, string>;
  if (input.responseTemplates && typeof input.responseTemplates === "object") response.responseTemplates = input.responseTemplates as Record<string, string>;
  return response;
}

function httpMethodOf(input: Input): string {
  const m = String(input.http_method).toUpperCase();
  if (!HTTP_METHODS.has(m)) throw errors.badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
  return m;
}

export const methodOperations = [
  op("PutMethod", "PUT", METHOD_PATH, (input, ctx) => withResource(ctx, input, (resource) => {
    const httpMethod = httpMethodOf(input);
    if (resource.resourceMethods?.[httpMethod]) throw errors.conflict("Method already exists for this resource");
    const method = buildMethod(httpMethod, input);
    (resource.resourceMethods ??= {})[httpMethod] = method;
    return method;
  })),
  op("GetMethod", "GET", METHOD_PATH, (input, ctx) => read(ctx, input, (m) => m)),
  op("UpdateMethod", "PATCH", METHOD_PATH, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    applyPatch(method as unknown as Record<string, unknown>, input.patchOperations);
    return method;
  })),
  op("DeleteMethod", "DELETE", METHOD_PATH, (input, ctx) => withResource(ctx, input, (resource) => {
    methodOf(resource, input.http_method);
    delete resource.resourceMethods![String(input.http_method).toUpperCase()];
  }), { status: 204 }),
  op("PutMethodResponse", "PUT", `${METHOD_PATH}/responses/{status_code}`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    const response: MethodResponse = { statusCode: String(input.status_code) };
    if (input.responseParameters && typeof input.responseParameters === "object") response.responseParameters = input.responseParameters as Record<string, boolean>;
    if (input.responseModels && typeof input.responseModels === "object") response.responseModels = input.responseModels as Record<string, string>;
    (method.methodResponses ??= {})[response.statusCode] = response;
    return response;
  })),
  op("GetMethodResponse", "GET", `${METHOD_PATH}/responses/{status_code}`, (input, ctx) => read(ctx, input, (m) => {
    const response = m.methodResponses?.[String(input.status_code)];
    if (!response) throw errors.notFound("Invalid Response status code specified");
    return response;
  })),
  op("DeleteMethodResponse", "DELETE", `${METHOD_PATH}/responses/{status_code}`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    if (!method.methodResponses?.[String(input.status_code)]) throw errors.notFound("Invalid Response status code specified");
    delete method.methodResponses[String(input.status_code)];
  }), { status: 204 }),
  op("PutIntegration", "PUT", `${METHOD_PATH}/integration`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    const integration = buildIntegration(resource.id, input);
    if (method.methodIntegration?.integrationResponses) integration.integrationResponses = method.methodIntegration.integrationResponses;
    method.methodIntegration = integration;
    return integration;
  })),
  op("GetIntegration", "GET", `${METHOD_PATH}/integration`, (input, ctx) => read(ctx, input, (m) => {
    if (!m.methodIntegration) throw errors.noIntegration();
    return m.methodIntegration;
  })),
  op("UpdateIntegration", "PATCH", `${METHOD_PATH}/integration`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    if (!method.methodIntegration) throw errors.noIntegration();
    applyPatch(method.methodIntegration as unknown as Record<string, unknown>, input.patchOperations);
    return method.methodIntegration;
  })),
  op("DeleteIntegration", "DELETE", `${METHOD_PATH}/integration`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    if (!method.methodIntegration) throw errors.noIntegration();
    delete method.methodIntegration;
  }), { status: 204 }),
  op("PutIntegrationResponse", "PUT", `${METHOD_PATH}/integration/responses/{status_code}`, (input, ctx) => withResource(ctx, input, (resource) => {
    const method = methodOf(resource, input.http_method);
    if (!method.methodIntegration) throw errors.noIntegration();
    const response = buildIntegrationResponse(String(input.status_code), input);
    (method.methodIntegration.integrationResponses ??= {})[response.statusCode] = response;
    return response;
  })),
  op("GetIntegrationResponse", "GET", `${METHOD_PATH}/integration/responses/{status_code}`, (input, ctx) => read(ctx, input, (m) => {
    const response = m.methodIntegration?.integrationResponses?.[String(input.status_code)];
    if (!response) throw errors.notFound("Invalid Response status code specified");
    return response;
  })),
  op("DeleteIntegrationResponse", "DELETE", `${METHOD_PATH}/integration/responses/{status_code}`, (input, ctx) => withResource(ctx, input, (resource) => {
    const responses = methodOf(resource, input.http_method).methodIntegration?.integrationResponses;
    if (!responses?.[String(input.status_code)]) throw errors.notFound("Invalid Response status code specified");
    delete responses[String(input.status_code)];
  }), { status: 204 }),
];
