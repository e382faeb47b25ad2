/** Routes, integrations, authorizers, stages and deployments of an HTTP or WebSocket API. */
import type { RequestContext } from "../../core/context.js";
import { docs, newId, nowIso, op, pageV2, pageQueryV2, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import type { Kind } from "../store.js";
import { apiOf, type Api, type Authorizer, type Integration, type Route, type V2Snapshot, type V2Stage } from "./model.js";

const HTTP_ROUTE_KEY = /^(\$default|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*)$/;

export function buildRoute(api: Api, input: Input): Route {
  const routeKey = str(input, "routeKey");
  if (!routeKey) throw errors.badRequest("RouteKey is required");
  if (api.protocolType === "HTTP" && !HTTP_ROUTE_KEY.test(routeKey)) throw errors.badRequest(`Invalid route key ${routeKey}. Route keys must be $default or of the form "METHOD /path"`);
  const route: Route = { routeId: newId(7), routeKey, authorizationType: str(input, "authorizationType") ?? "NONE", apiKeyRequired: input.apiKeyRequired === true };
  for (const key of ["target", "authorizerId", "operationName", "routeResponseSelectionExpression"] as const) if (str(input, key) !== undefined) route[key] = str(input, key);
  if (Array.isArray(input.authorizationScopes)) route.authorizationScopes = input.authorizationScopes.map(String);
  if (input.requestParameters && typeof input.requestParameters === "object") route.requestParameters = input.requestParameters as Record<string, unknown>;
  return route;
}

export function buildIntegration(api: Api, input: Input): Integration {
  const type = str(input, "integrationType");
  if (!type || !["AWS_PROXY", "HTTP_PROXY", "MOCK", "HTTP", "AWS"].includes(type)) throw errors.badRequest("Invalid integration type specified");
  if (api.protocolType === "HTTP" && (type === "HTTP" || type === "AWS" || type === "MOCK")) throw errors.badRequest(`Integration type ${type} is not supported for HTTP APIs`);
  const version = str(input, "payloadFormatVersion") ?? (type === "AWS_PROXY" && api.protocolType === "HTTP" ? undefined : "1.0");
  if (!version) throw errors.badRequest("PayloadFormatVersion is required for Lambda proxy integrations of HTTP APIs");
  if (version !== "1.0" && version !== "2.0") throw errors.badRequest("Unsupported payload format version specified. Supported values are 1.0 and 2.0");
  if (version === "2.0" && type !== "AWS_PROXY") throw errors.badRequest("Payload format version 2.0 is supported only for Lambda proxy integrations");
  if (type !== "MOCK" && !str(input, "integrationUri")) throw errors.badRequest("IntegrationUri is required for this integration type");
  const integration: Integration = {
    integrationId: newId(7),
    integrationType: type as Integration["integrationType"],
    payloadFormatVersion: version,
    timeoutInMillis: typeof input.timeoutInMillis === "number" ? input.timeoutInMillis : api.protocolType === "HTTP" ? 30000 : 29000,
    connectionType: str(input, "connectionType") ?? "INTERNET",
  };
  if (integration.timeoutInMillis < 50 || integration.timeoutInMillis > 30000) throw errors.badRequest("Timeout must be between 50 and 30000 milliseconds");
  for (const key of ["integrationUri", "integrationMethod", "description", "templateSelectionExpression", "passthroughBehavior", "contentHandlingStrategy", "integrationResponseSelectionExpression"] as const) {
    if (str(input, key) !== undefined) integration[key] = str(input, key);
  }
  if (type === "AWS_PROXY" && !integration.integrationMethod) integration.integrationMethod = "POST";
  if (input.requestParameters && typeof input.requestParameters === "object") integration.requestParameters = input.requestParameters as Record<string, string>;
  if (input.requestTemplates && typeof input.requestTemplates === "object") integration.requestTemplates = input.requestTemplates as Record<string, string>;
  return integration;
}

export function buildAuthorizer(api: Api, input: Input): Authorizer {
  const name = str(input, "name");
  if (!name) throw errors.badRequest("Name is required");
  const type = str(input, "authorizerType");
  if (type !== "JWT" && type !== "REQUEST") throw errors.badRequest("Invalid authorizer type specified. Supported values are JWT and REQUEST");
  if (type === "JWT" && api.protocolType !== "HTTP") throw errors.badRequest("JWT authorizers are supported only for HTTP APIs");
  const identitySource = Array.isArray(input.identitySource) ? input.identitySource.map(String) : type === "JWT" ? ["$request.header.Authorization"] : [];
  const authorizer: Authorizer = { authorizerId: newId(6), name, authorizerType: type, identitySource };
  if (type === "JWT") {
    const jwt = (input.jwtConfiguration ?? {}) as { audience?: unknown; issuer?: unknown };
    if (typeof jwt.issuer !== "string" || !Array.isArray(jwt.audience) || jwt.audience.length === 0) throw errors.badRequest("JWT authorizers require an issuer and at least one audience");
    authorizer.jwtConfiguration = { audience: jwt.audience.map(String), issuer: jwt.issuer };
  } else {
    if (!str(input, "authorizerUri")) throw errors.badRequest("AuthorizerUri is required for REQUEST authorizers");
    authorizer.authorizerUri = str(input, "authorizerUri");
    if (api.protocolType === "HTTP") {
      const version = str(input, "authorizerPayloadFormatVersion");
      if (version !== "1.0" && version !== "2.0") throw errors.badRequest("AuthorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs; supported values are 1.0 and 2.0");
      authorizer.authorizerPayloadFormatVersion = version;
      authorizer.enableSimpleResponses = input.enableSimpleResponses === true;
      if (authorizer.enableSimpleResponses && version !== "2.0") throw errors.badRequest("Simple responses are supported only with payload format version 2.0");
    }
    authorizer.authorizerResultTtlInSeconds = typeof input.authorizerResultTtlInSeconds === "number" ? input.authorizerResultTtlInSeconds : 0;
    if (authorizer.authorizerResultTtlInSeconds > 0 && identitySource.length === 0) throw errors.badRequest("Identity sources are required when caching is enabled");
  }
  if (str(input, "identityValidationExpression") !== undefined) authorizer.identityValidationExpression = str(input, "identityValidationExpression");
  return authorizer;
}

export function buildStage(ctx: RequestContext, input: Input): V2Stage {
  const stageName = str(input, "stageName");
  if (!stageName || !/^(\$default|[A-Za-z0-9_-]{1,128})$/.test(stageName)) throw errors.badRequest("Stage name only allows a-zA-Z0-9_- or $default");
  const now = nowIso(ctx);
  const stage: V2Stage = {
    stageName,
    autoDeploy: input.autoDeploy === true,
    createdDate: now,
    lastUpdatedDate: now,
    defaultRouteSettings: { detailedMetricsEnabled: false, ...(input.defaultRouteSettings as object | undefined) },
    routeSettings: { ...(input.routeSettings as object | undefined) },
  };
  for (const key of ["deploymentId", "description"] as const) if (str(input, key) !== undefined) stage[key] = str(input, key);
  if (input.stageVariables && typeof input.stageVariables === "object") stage.stageVariables = input.stageVariables as Record<string, string>;
  if (input.accessLogSettings && typeof input.accessLogSettings === "object") stage.accessLogSettings = input.accessLogSettings as V2Stage["accessLogSettings"];
  if (input.tags && typeof input.tags === "object") stage.tags = input.tags as Record<string, string>;
  return stage;
}

export function snapshotV2(ctx: RequestContext, api: Api): V2Snapshot {
  const store = docs(ctx);
  return { api, routes: store.list<Route>(ctx, "route", api.apiId), integrations: store.list<Integration>(ctx, "integration", api.apiId), authorizers: store.list<Authorizer>(ctx, "v2authorizer", api.apiId) };
}

interface Child<T> {
  noun: string;
  plural: string;
  label: string;
  kind: Kind;
  key: (doc: T) => string;
  build: (api: Api, input: Input, ctx: RequestContext) => T;
  check?: (ctx: RequestContext, api: Api, doc: T, existing: T | undefined) => void;
  /** Fields UpdateX may not change. */
  fixed: string[];
}

function crud<T extends object>(c: Child<T>): ReturnType<typeof op>[] {
  const base = `/v2/apis/{apiId}/${c.plural}`;
  const item = `${base}/{${c.label}}`;
  const find = (ctx: RequestContext, input: Input): { api: Api; doc: T } => {
    const api = apiOf(ctx, input.apiId);
    const doc = docs(ctx).get<T>(ctx, c.kind, api.apiId, String(input[c.label]));
    if (!doc) throw errors.notFound(`Invalid ${c.noun} identifier specified ${String(input[c.label])}`);
    return { api, doc };
  };
  return [
    op(`Create${c.noun}`, "POST", base, (input, ctx) => {
      const api = apiOf(ctx, input.apiId);
      const doc = c.build(api, input, ctx);
      c.check?.(ctx, api, doc, undefined);
      docs(ctx).put(ctx, c.kind, api.apiId, c.key(doc), doc);
      return doc;
    }),
    op(`Get${c.noun}s`, "GET", base, (input, ctx) => pageV2(docs(ctx).list<T>(ctx, c.kind, apiOf(ctx, input.apiId).apiId), input), { query: pageQueryV2 }),
    op(`Get${c.noun}`, "GET", item, (input, ctx) => find(ctx, input).doc),
    op(`Update${c.noun}`, "PATCH", item, (input, ctx) => {
      const { api, doc } = find(ctx, input);
      const merged = { ...doc } as Record<string, unknown>;
      for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== "apiId" && k !== c.label && !c.fixed.includes(k)) merged[k] = v;
      const rebuilt = { ...c.build(api, merged, ctx), ...Object.fromEntries(c.fixed.map((k) => [k, (doc as Record<string, unknown>)[k]])) } as T;
      c.check?.(ctx, api, rebuilt, doc);
      docs(ctx).put(ctx, c.kind, api.apiId, c.key(rebuilt), rebuilt);
      return rebuilt;
    }),
    op(`Delete${c.noun}`, "DELETE", item, (input, ctx) => {
      const { api, doc } = find(ctx, input);
      docs(ctx).delete(ctx, c.kind, api.apiId, c.key(doc));
    }, { status: 204 }),
  ];
}

interface Deployment {
  deploymentId: string;
  deploymentStatus: string;
  createdDate: string;
  description?: string;
  autoDeployed: boolean;
}

export function createV2Deployment(ctx: RequestContext, api: Api, input: Input): Deployment {
  const deployment: Deployment = { deploymentId: newId(6), deploymentStatus: "DEPLOYED", createdDate: nowIso(ctx), autoDeployed: false };
  if (str(input, "description") !== undefined) deployment.description = str(input, "description");
  const store = docs(ctx);
  store.txn(() => {
    store.put(ctx, "v2deployment", api.apiId, deployment.deploymentId, deployment, snapshotV2(ctx, api));
    const stageName = str(input, "stageName");
    if (!stageName) return;
    const stage = store.get<V2Stage>(ctx, "v2stage", api.apiId, stageName);
    if (!stage) throw errors.notFound(`Invalid stage identifier specified ${stageName}`);
    stage.deploymentId = deployment.deploymentId;
    stage.lastUpdatedDate = nowIso(ctx);
    store.put(ctx, "v2stage", api.apiId, stageName, stage);
  });
  return deployment;
}

export const childOperations = [
  ...crud<Route>({
    noun: "Route", plural: "routes", label: "routeId", kind: "route", key: (d) => d.routeId, build: buildRoute, fixed: ["routeId"],
    check: (ctx, api, doc, existing) => {
      if (docs(ctx).list<Route>(ctx, "route", api.apiId).some((r) => r.routeKey === doc.routeKey && r.routeId !== existing?.routeId)) {
        throw errors.conflict(`Unable to create route ${doc.routeKey}. The route already exists for this API`);
      }
    },
  }),
  ...crud<Integration>({ noun: "Integration", plural: "integrations", label: "integrationId", kind: "integration", key: (d) => d.integrationId, build: buildIntegration, fixed: ["integrationId"] }),
  ...crud<Authorizer>({ noun: "Authorizer", plural: "authorizers", label: "authorizerId", kind: "v2authorizer", key: (d) => d.authorizerId, build: buildAuthorizer, fixed: ["authorizerId"] }),
  ...crud<V2Stage>({
    noun: "Stage", plural: "stages", label: "stageName", kind: "v2stage", key: (d) => d.stageName, build: (_api, input, ctx) => buildStage(ctx, input), fixed: ["stageName", "createdDate"],
    check: (ctx, api, doc, existing) => {
      if (!existing && docs(ctx).get(ctx, "v2stage", api.apiId, doc.stageName)) throw errors.conflict(`Stage ${doc.stageName} already exists`);
      if (doc.deploymentId && !docs(ctx).get(ctx, "v2deployment", api.apiId, doc.deploymentId)) throw errors.notFound(`Invalid Deployment identifier specified ${doc.deploymentId}`);
      doc.lastUpdatedDate = nowIso(ctx);
    },
  }),
  op("CreateDeployment", "POST", "/v2/apis/{apiId}/deployments", (input, ctx) => createV2Deployment(ctx, apiOf(ctx, input.apiId), input)),
  op("GetDeployments", "GET", "/v2/apis/{apiId}/deployments", (input, ctx) => pageV2(docs(ctx).list<Deployment>(ctx, "v2deployment", apiOf(ctx, input.apiId).apiId), input), { query: pageQueryV2 }),
  op("GetDeployment", "GET", "/v2/apis/{apiId}/deployments/{deploymentId}", (input, ctx) => {
    const d = docs(ctx).get<Deployment>(ctx, "v2deployment", apiOf(ctx, input.apiId).apiId, String(input.deploymentId));
    if (!d) throw errors.notFound(`Invalid Deployment identifier specified ${String(input.deploymentId)}`);
    return d;
  }),
  op("DeleteDeployment", "DELETE", "/v2/apis/{apiId}/deployments/{deploymentId}", (input, ctx) => {
    if (!docs(ctx).delete(ctx, "v2deployment", apiOf(ctx, input.apiId).apiId, String(input.deploymentId))) throw errors.notFound(`Invalid Deployment identifier specified ${String(input.deploymentId)}`);
  }, { status: 204 }),
];
