/** HTTP and WebSocket API (v2) documents as AWS returns them (wire names). */
import type { RequestContext } from "../../core/context.js";
import { docs } from "../control.js";
import { errors } from "../errors.js";

export interface Cors {
  allowOrigins?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

export interface Api {
  apiId: string;
  name: string;
  protocolType: "HTTP" | "WEBSOCKET";
  routeSelectionExpression: string;
  apiKeySelectionExpression: string;
  apiEndpoint: string;
  createdDate: string;
  description?: string;
  version?: string;
  disableExecuteApiEndpoint: boolean;
  corsConfiguration?: Cors;
  tags?: Record<string, string>;
  ipAddressType?: string;
}

export interface Route {
  routeId: string;
  routeKey: string;
  target?: string;
  authorizationType: string;
  authorizerId?: string;
  authorizationScopes?: string[];
  apiKeyRequired: boolean;
  operationName?: string;
  routeResponseSelectionExpression?: string;
  requestParameters?: Record<string, unknown>;
  apiGatewayManaged?: boolean;
}

export interface Integration {
  integrationId: string;
  integrationType: "AWS_PROXY" | "HTTP_PROXY" | "MOCK" | "HTTP" | "AWS";
  integrationUri?: string;
  integrationMethod?: string;
  payloadFormatVersion: string;
  timeoutInMillis: number;
  connectionType: string;
  description?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  templateSelectionExpression?: string;
  passthroughBehavior?: string;
  contentHandlingStrategy?: string;
  integrationResponseSelectionExpression?: string;
  apiGatewayManaged?: boolean;
}

export interface Authorizer {
  authorizerId: string;
  name: string;
  authorizerType: "JWT" | "REQUEST";
  identitySource: string[];
  jwtConfiguration?: { audience?: string[]; issuer?: string };
  authorizerUri?: string;
  authorizerPayloadFormatVersion?: string;
  enableSimpleResponses?: boolean;
  authorizerResultTtlInSeconds?: number;
  identityValidationExpression?: string;
}

export interface RouteSettings {
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  detailedMetricsEnabled?: boolean;
  dataTraceEnabled?: boolean;
  loggingLevel?: string;
}

export interface V2Stage {
  stageName: string;
  autoDeploy: boolean;
  deploymentId?: string;
  description?: string;
  createdDate: string;
  lastUpdatedDate: string;
  defaultRouteSettings: RouteSettings;
  routeSettings: Record<string, RouteSettings>;
  stageVariables?: Record<string, string>;
  accessLogSettings?: { destinationArn?: string; format?: string };
  tags?: Record<string, string>;
  apiGatewayManaged?: boolean;
}

/** What a deployment freezes. */
export interface V2Snapshot {
  api: Api;
  routes: Route[];
  integrations: Integration[];
  authorizers: Authorizer[];
}

export function apiOf(ctx: RequestContext, id: unknown): Api {
  const api = docs(ctx).get<Api>(ctx, "api", "", String(id));
  if (!api) throw errors.notFound(`Invalid API identifier specified ${ctx.accountId}:${String(id)}`);
  return api;
}
