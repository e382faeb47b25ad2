/**
 * Gateway responses of a REST API: PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse,
 * DeleteGatewayResponse. A customization is part of the API and reaches a stage with its next
 * deployment, as on AWS; the data plane applies it to the gateway's own errors (invoke/gateway-responses.ts).
 */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, op, page, pageQuery, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import { restApiOf } from "./model.js";

export interface GatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  defaultResponse: boolean;
}

/** Each type and its default status code (DEFAULT_4XX and DEFAULT_5XX have none), from AWS's table. */
export const RESPONSE_TYPES: Record<string, string | undefined> = {
  ACCESS_DENIED: "403", API_CONFIGURATION_ERROR: "500", AUTHORIZER_CONFIGURATION_ERROR: "500", AUTHORIZER_FAILURE: "500",
  BAD_REQUEST_PARAMETERS: "400", BAD_REQUEST_BODY: "400", DEFAULT_4XX: undefined, DEFAULT_5XX: undefined, EXPIRED_TOKEN: "403",
  INTEGRATION_FAILURE: "504", INTEGRATION_TIMEOUT: "504", INVALID_API_KEY: "403", INVALID_SIGNATURE: "403",
  MISSING_AUTHENTICATION_TOKEN: "403", QUOTA_EXCEEDED: "429", REQUEST_TOO_LARGE: "413", RESOURCE_NOT_FOUND: "404",
  THROTTLED: "429", UNAUTHORIZED: "401", UNSUPPORTED_MEDIA_TYPE: "415", WAF_FILTERED: "403",
};

export const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

export function defaultGatewayResponse(type: string): GatewayResponse {
  const response: GatewayResponse = { responseType: type, responseParameters: {}, responseTemplates: { "application/json": DEFAULT_TEMPLATE }, defaultResponse: true };
  const status = RESPONSE_TYPES[type];
  if (status) response.statusCode = status;
  return response;
}

function typeOf(input: Input): string {
  const type = String(input.response_type ?? "");
  if (!Object.prototype.hasOwnProperty.call(RESPONSE_TYPES, type)) {
    throw errors.badRequest(`1 validation error detected: Value '${type}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(RESPONSE_TYPES).join(", ")}]`);
  }
  return type;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw errors.badRequest(`Invalid ${what}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = String(v);
  return out;
}

/** Response parameters name headers only: `gatewayresponse.header.<name>`. */
function checkParameters(parameters: Record<string, string>): void {
  for (const key of Object.keys(parameters)) {
    if (!/^gatewayresponse\.header\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) throw errors.badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${key}]`);
  }
}

function checkStatus(status: string | undefined): void {
  if (status !== undefined && !/^[1-5]\d\d$/.test(status)) throw errors.badRequest(`Invalid status code specified: ${status}`);
}

function stored(ctx: RequestContext, apiId: string, type: string): GatewayResponse | undefined {
  return docs(ctx).get<GatewayResponse>(ctx, "gatewayresponse", apiId, type);
}

function put(ctx: RequestContext, input: Input): GatewayResponse {
  const api = restApiOf(ctx, input.restapi_id);
  const type = typeOf(input);
  const response: GatewayResponse = {
    responseType: type,
    responseParameters: stringMap(input.responseParameters, "response parameters"),
    responseTemplates: stringMap(input.responseTemplates, "response templates"),
    defaultResponse: false,
  };
  const status = str(input, "statusCode");
  checkStatus(status);
  checkParameters(response.responseParameters);
  if (status !== undefined) response.statusCode = status;
  docs(ctx).put(ctx, "gatewayresponse", api.id, type, response);
  return response;
}

function update(ctx: RequestContext, input: Input): GatewayResponse {
  const api = restApiOf(ctx, input.restapi_id);
  const type = typeOf(input);
  const response = stored(ctx, api.id, type) ?? defaultGatewayResponse(type);
  applyPatch(response as unknown as Record<string, unknown>, input.patchOperations, (path) => {
    if (path[0] === "statusCode" && path.length === 1) return path;
    if ((path[0] === "responseParameters" || path[0] === "responseTemplates") && path.length === 2) return path;
    throw errors.badRequest(`Invalid patch path /${path.join("/")}`);
  });
  checkStatus(response.statusCode);
  checkParameters(response.responseParameters);
  response.defaultResponse = false;
  docs(ctx).put(ctx, "gatewayresponse", api.id, type, response);
  return response;
}

/** `x-amazon-apigateway-gateway-responses` of an OpenAPI document (import): type → customization. */
export function gatewayResponsesFromExtension(extension: unknown): GatewayResponse[] {
  if (!extension || typeof extension !== "object" || Array.isArray(extension)) return [];
  return Object.entries(extension as Record<string, unknown>).map(([type, raw]) => {
    const value = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const input: Input = { response_type: type, responseParameters: value.responseParameters, responseTemplates: value.responseTemplates };
    const response: GatewayResponse = { responseType: typeOf(input), responseParameters: stringMap(value.responseParameters, "response parameters"), responseTemplates: stringMap(value.responseTemplates, "response templates"), defaultResponse: false };
    const status = value.statusCode === undefined || value.statusCode === null ? undefined : String(value.statusCode);
    checkStatus(status);
    checkParameters(response.responseParameters);
    if (status !== undefined) response.statusCode = status;
    return response;
  });
}

/** The extension's value for a deployment's customizations (export), or undefined when there are none. */
export function gatewayResponsesExtension(responses: GatewayResponse[] | undefined): Record<string, unknown> | undefined {
  if (!responses?.length) return undefined;
  return Object.fromEntries(responses.map((r) => [r.responseType, {
    ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
    ...(Object.keys(r.responseParameters).length ? { responseParameters: r.responseParameters } : {}),
    ...(Object.keys(r.responseTemplates).length ? { responseTemplates: r.responseTemplates } : {}),
  }]));
}

export const gatewayResponseOperations = [
  op("PutGatewayResponse", "PUT", "/restapis/{restapi_id}/gatewayresponses/{response_type}", (input, ctx) => put(ctx, input)),
  op("UpdateGatewayResponse", "PATCH", "/restapis/{restapi_id}/gatewayresponses/{response_type}", (input, ctx) => update(ctx, input)),
  op("GetGatewayResponse", "GET", "/restapis/{restapi_id}/gatewayresponses/{response_type}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const type = typeOf(input);
    return stored(ctx, api.id, type) ?? defaultGatewayResponse(type);
  }),
  op("GetGatewayResponses", "GET", "/restapis/{restapi_id}/gatewayresponses", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const custom = new Map(docs(ctx).list<GatewayResponse>(ctx, "gatewayresponse", api.id).map((r) => [r.responseType, r]));
    return page(Object.keys(RESPONSE_TYPES).map((type) => custom.get(type) ?? defaultGatewayResponse(type)), input);
  }, { query: pageQuery }),
  op("DeleteGatewayResponse", "DELETE", "/restapis/{restapi_id}/gatewayresponses/{response_type}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const type = typeOf(input);
    // Deleting a type that was never customized resets nothing and is accepted.
    docs(ctx).delete(ctx, "gatewayresponse", api.id, type);
  }, { status: 202 }),
];
