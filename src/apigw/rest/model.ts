/** REST API documents as AWS returns them (wire names), and the lookups every operation needs. */
import type { GatewayResponse } from "./gateway-responses.js";
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import { docs } from "../control.js";
import { errors } from "../errors.js";
import type { DocStore } from "../store.js";

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: "HEADER" | "AUTHORIZER";
  endpointConfiguration: { types: string[] };
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  policy?: string;
  tags?: Record<string, string>;
}

export interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export interface Integration {
  type: "AWS" | "AWS_PROXY" | "HTTP" | "HTTP_PROXY" | "MOCK";
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponse>;
}

export interface MethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface Method {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
}

export interface Resource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
}

export interface Authorizer {
  id: string;
  name: string;
  type: "TOKEN" | "REQUEST" | "COGNITO_USER_POOLS";
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

export interface RequestValidator {
  id: string;
  name?: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface Model {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface Stage {
  deploymentId: string;
  stageName: string;
  description?: string;
  createdDate: number;
  lastUpdatedDate: number;
  variables?: Record<string, string>;
  methodSettings: Record<string, Record<string, unknown>>;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: string;
  tracingEnabled: boolean;
  accessLogSettings?: { format?: string; destinationArn?: string };
  tags?: Record<string, string>;
}

/** What a deployment freezes: the API as it was when it was deployed. */
export interface Snapshot {
  api: RestApi;
  resources: Resource[];
  authorizers: Authorizer[];
  validators: RequestValidator[];
  models: Model[];
  /** Customized gateway responses (absent in deployments made before they existed). */
  gatewayResponses?: GatewayResponse[];
}

export function restApiOf(ctx: RequestContext, id: unknown): RestApi {
  const api = docs(ctx).get<RestApi>(ctx, "restapi", "", String(id));
  if (!api) throw errors.invalidApi(ctx.accountId, String(id));
  return api;
}

export function resourceOf(ctx: RequestContext, apiId: string, resourceId: unknown): Resource {
  const resource = docs(ctx).get<Resource>(ctx, "resource", apiId, String(resourceId));
  if (!resource) throw errors.invalidResource(ctx.accountId, String(resourceId));
  return resource;
}

export function methodOf(resource: Resource, httpMethod: unknown): Method {
  const method = resource.resourceMethods?.[String(httpMethod).toUpperCase()];
  if (!method) throw errors.invalidMethod();
  return method;
}

export function snapshotOf(store: DocStore, scope: Scope, api: RestApi): Snapshot {
  return {
    api,
    resources: store.list<Resource>(scope, "resource", api.id),
    authorizers: store.list<Authorizer>(scope, "authorizer", api.id),
    validators: store.list<RequestValidator>(scope, "validator", api.id),
    models: store.list<Model>(scope, "model", api.id),
    gatewayResponses: store.list<GatewayResponse>(scope, "gatewayresponse", api.id),
  };
}
