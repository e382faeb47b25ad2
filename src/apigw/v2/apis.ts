/** CreateApi (with quick create), GetApi(s), UpdateApi, DeleteApi. */
import type { RequestContext } from "../../core/context.js";
import { docs, newId, nowIso, op, pageV2, pageQueryV2, required, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import { buildIntegration, buildRoute, buildStage } from "./children.js";
import { apiOf, type Api, type Cors } from "./model.js";
import { gatewayOf } from "../context.js";

function corsOf(input: unknown): Cors | undefined {
  if (!input || typeof input !== "object") return undefined;
  const c = input as Record<string, unknown>;
  const out: Cors = {};
  for (const key of ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders"] as const) if (Array.isArray(c[key])) out[key] = (c[key] as unknown[]).map(String);
  if (typeof c.maxAge === "number") out.maxAge = c.maxAge;
  if (typeof c.allowCredentials === "boolean") out.allowCredentials = c.allowCredentials;
  if (out.allowCredentials && out.allowOrigins?.includes("*")) throw errors.badRequest("allow-credentials is not supported when allowOrigin is configured as *");
  return out;
}

export function createApi(ctx: RequestContext, input: Input): Api {
  const name = required(input, "name", "API name");
  const protocolType = str(input, "protocolType");
  if (protocolType !== "HTTP" && protocolType !== "WEBSOCKET") throw errors.badRequest("Invalid protocol type specified. Supported values are HTTP and WEBSOCKET");
  if (protocolType === "WEBSOCKET" && !str(input, "routeSelectionExpression")) throw errors.badRequest("RouteSelectionExpression is required for WEBSOCKET APIs");
  const apiId = newId();
  const base = new URL(gatewayOf(ctx).data.endpoint());
  const api: Api = {
    apiId,
    name,
    protocolType,
    routeSelectionExpression: str(input, "routeSelectionExpression") ?? "$request.method $request.path",
    apiKeySelectionExpression: str(input, "apiKeySelectionExpression") ?? "$request.header.x-api-key",
    apiEndpoint: `${protocolType === "WEBSOCKET" ? "ws" : "http"}://${base.host}/_aws/execute-api/${apiId}`,
    createdDate: nowIso(ctx),
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint === true,
    ipAddressType: "ipv4",
  };
  if (str(input, "description") !== undefined) api.description = str(input, "description");
  if (str(input, "version") !== undefined) api.version = str(input, "version");
  if (input.tags && typeof input.tags === "object") api.tags = input.tags as Record<string, string>;
  if (input.corsConfiguration) {
    if (protocolType !== "HTTP") throw errors.badRequest("CORS configuration is supported only for HTTP APIs");
    api.corsConfiguration = corsOf(input.corsConfiguration);
  }
  const store = docs(ctx);
  store.txn(() => {
    store.put(ctx, "api", "", apiId, api);
    const target = str(input, "target");
    if (target === undefined) return;
    // Quick create: an integration, a route to it and an auto-deployed $default stage, all managed by API Gateway.
    if (protocolType !== "HTTP") throw errors.badRequest("Quick create is supported only for HTTP APIs");
    const isLambda = /^arn:[^:]+:lambda:/.test(target);
    const integration = buildIntegration(api, { integrationType: isLambda ? "AWS_PROXY" : "HTTP_PROXY", integrationUri: target, integrationMethod: isLambda ? "POST" : "ANY", payloadFormatVersion: isLambda ? "2.0" : "1.0" });
    integration.apiGatewayManaged = true;
    store.put(ctx, "integration", apiId, integration.integrationId, integration);
    const route = buildRoute(api, { routeKey: str(input, "routeKey") ?? "$default", target: `integrations/${integration.integrationId}`, authorizationType: "NONE" });
    route.apiGatewayManaged = true;
    store.put(ctx, "route", apiId, route.routeId, route);
    const stage = buildStage(ctx, { stageName: "$default", autoDeploy: true });
    stage.apiGatewayManaged = true;
    store.put(ctx, "v2stage", apiId, stage.stageName, stage);
  });
  return api;
}

export const apiOperations = [
  op("CreateApi", "POST", "/v2/apis", (input, ctx) => createApi(ctx, input)),
  op("GetApis", "GET", "/v2/apis", (input, ctx) => pageV2(docs(ctx).list<Api>(ctx, "api", ""), input), { query: pageQueryV2 }),
  op("GetApi", "GET", "/v2/apis/{apiId}", (input, ctx) => apiOf(ctx, input.apiId)),
  op("UpdateApi", "PATCH", "/v2/apis/{apiId}", (input, ctx) => {
    const api = apiOf(ctx, input.apiId);
    for (const key of ["name", "description", "version", "routeSelectionExpression", "apiKeySelectionExpression"] as const) if (str(input, key) !== undefined) api[key] = str(input, key)!;
    if (typeof input.disableExecuteApiEndpoint === "boolean") api.disableExecuteApiEndpoint = input.disableExecuteApiEndpoint;
    if (input.corsConfiguration !== undefined) api.corsConfiguration = corsOf(input.corsConfiguration);
    docs(ctx).put(ctx, "api", "", api.apiId, api);
    return api;
  }),
  op("DeleteApi", "DELETE", "/v2/apis/{apiId}", (input, ctx) => {
    const api = apiOf(ctx, input.apiId);
    const store = docs(ctx);
    store.txn(() => {
      store.delete(ctx, "api", "", api.apiId);
      store.deleteChildren(ctx, api.apiId);
    });
  }, { status: 204 }),
  op("DeleteCorsConfiguration", "DELETE", "/v2/apis/{apiId}/cors", (input, ctx) => {
    const api = apiOf(ctx, input.apiId);
    delete api.corsConfiguration;
    docs(ctx).put(ctx, "api", "", api.apiId, api);
  }, { status: 204 }),
];

