/**
 * A request to an HTTP API: stage → CORS preflight → route → throttling → authorizer →
 * integration (Lambda payload 2.0 or 1.0, HTTP_PROXY) → response with CORS headers.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import type { DocStore } from "../store.js";
import { snapshotV2 } from "../v2/children.js";
import type { Api, Route, V2Snapshot, V2Stage } from "../v2/model.js";
import { decode, httpApiErrors, parseQuery, type Invocation } from "./common.js";
import { setCookies } from "./cookies.js";
import { writeAccessLog } from "./access-log.js";
import { addCorsHeaders, preflight } from "./cors.js";
import { eventV1 } from "./event-v1.js";
import { eventV2 } from "./event-v2.js";
import { forwardHttpProxy } from "./http-forward.js";
import { authorizeHttp, type HttpAuthOutcome } from "./http-auth.js";
import { invokeLambda } from "./lambda.js";
import { v1ProxyResponse, v2ProxyResponse } from "./proxy-response.js";
import { cached } from "./state.js";
import { gatewayOf } from "../context.js";

/** `path`: the request's path below the API (`/<stage>/...`, or a `$default` stage's path); `inv`'s path and stageInPath are set here. */
export async function invokeHttpApi(ctx: RequestContext, scope: Scope, apiId: string, path: string, inv: Invocation): Promise<HttpResponse> {
  const store = gatewayOf(ctx).docs;
  const slash = path.indexOf("/", 1);
  const first = path.slice(1, slash < 0 ? undefined : slash);
  let stage = first && first !== "$default" ? stageNamed(store, scope, apiId, decode(first)) : undefined;
  inv.stageInPath = stage !== undefined;
  inv.path = stage ? (slash < 0 ? "/" : path.slice(slash)) : path || "/";
  stage ??= stageNamed(store, scope, apiId, "$default");
  if (!stage) return httpApiErrors.notFound(inv.requestId);
  const snapshot = stageSnapshot(ctx, scope, apiId, stage);
  if (!snapshot) return httpApiErrors.notFound(inv.requestId);
  const response = await serve(ctx, scope, snapshot, stage, inv);
  addCorsHeaders(snapshot.api.corsConfiguration, inv.headers.origin, response);
  response.headers["apigw-requestid"] = inv.requestId;
  writeAccessLog(ctx, scope, stage.accessLogSettings, inv, apiId, stage.stageName, response);
  return response;
}

function stageNamed(store: DocStore, scope: Scope, apiId: string, name: string): V2Stage | undefined {
  return store.memoized(`v2stage ${apiId} ${name}`, () => store.get<V2Stage>(scope, "v2stage", apiId, name));
}

/** What a stage serves: the API as it is (auto-deploy), or its deployment's snapshot. */
export function stageSnapshot(ctx: RequestContext, scope: Scope, apiId: string, stage: V2Stage): V2Snapshot | undefined {
  const gateway = gatewayOf(ctx);
  const store = gateway.docs;
  if (stage.autoDeploy) return cached(gateway.data.routers, `v2live/${apiId}/${store.generation}`, () => snapshotV2({ ...ctx, ...scope }, store.get<Api>(scope, "api", "", apiId)!));
  const id = stage.deploymentId;
  return id ? store.memoized(`v2deployment ${apiId} ${id}`, () => store.extra<V2Snapshot>(scope, "v2deployment", apiId, id)) : undefined;
}

async function serve(ctx: RequestContext, scope: Scope, snapshot: V2Snapshot, stage: V2Stage, inv: Invocation): Promise<HttpResponse> {
  const id = inv.requestId;
  const api = snapshot.api;
  if (api.corsConfiguration && inv.method === "OPTIONS") {
    const answer = preflight(api.corsConfiguration, inv.headers, id);
    if (answer) return answer;
  }
  const gateway = gatewayOf(ctx);
  const state = gateway.data;
  const router = state.httpRouter(snapshot);
  const match = router.match(inv.method, inv.path);
  if (!match) return httpApiErrors.notFound(id);
  const { route, pathParameters } = match;
  inv.matched = route.routeKey;

  const settings = stage.routeSettings[route.routeKey] ?? stage.defaultRouteSettings;
  if (typeof settings.throttlingRateLimit === "number" || typeof settings.throttlingBurstLimit === "number") {
    const key = stage.routeSettings[route.routeKey] ? route.routeKey : "*";
    if (!state.throttles.take(`v2/${api.apiId}/${stage.stageName}/${key}`, settings.throttlingRateLimit ?? 10000, settings.throttlingBurstLimit ?? 5000, inv.now)) return httpApiErrors.throttled(id);
  }

  const stageVariables = stage.stageVariables && Object.keys(stage.stageVariables).length ? stage.stageVariables : undefined;
  const matched: Matched = { scope, apiId: api.apiId, stage, inv, route, pathParameters, stageVariables };
  const type = route.authorizationType;
  let authorizer: Record<string, unknown> | undefined;
  if (type === "AWS_IAM" || type === "JWT" || type === "CUSTOM") {
    const auth = await authorize(ctx, snapshot, matched);
    if (!auth.ok) return auth.response;
    authorizer = auth.authorizer;
  }

  const integration = router.integrationOf(route);
  if (!integration) return httpApiErrors.internal(id);
  if (integration.integrationType === "HTTP_PROXY") {
    return forwardHttpProxy(ctx, inv, { uri: integration.integrationUri, httpMethod: integration.integrationMethod, timeoutInMillis: integration.timeoutInMillis }, pathParameters ?? null, stageVariables ?? null, id, true);
  }
  const fn = router.functionOf(route);
  if (integration.integrationType !== "AWS_PROXY" || !fn) return httpApiErrors.internal(id);
  const is2 = integration.payloadFormatVersion === "2.0";
  const event = is2 ? v2Event(matched, authorizer) : v1Event(matched, (authorizer?.lambda as Record<string, unknown> | undefined) ?? authorizer);
  const outcome = await invokeLambda(ctx, scope, fn, JSON.stringify(event), integration.timeoutInMillis);
  if (outcome.kind === "timeout") return httpApiErrors.timeout(id);
  if (outcome.kind === "failed" || outcome.result.functionError) return httpApiErrors.internal(id);
  if (is2) {
    const response = v2ProxyResponse(outcome.result.payload);
    if (!response) return httpApiErrors.internal(id);
    const cookies = (response as { cookies?: string[] }).cookies;
    if (cookies) {
      delete (response as { cookies?: string[] }).cookies;
      setCookies(response, cookies);
    }
    return response;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.result.payload.toString("utf8"));
  } catch {
    return httpApiErrors.internal(id);
  }
  return v1ProxyResponse(parsed) ?? httpApiErrors.internal(id);
}

/** A request matched to its route: what its events and authorizer are built from. */
interface Matched {
  scope: Scope;
  apiId: string;
  stage: V2Stage;
  inv: Invocation;
  route: Route;
  pathParameters: Record<string, string> | undefined;
  stageVariables: Record<string, string> | undefined;
}

function v2Event(m: Matched, authorizer?: Record<string, unknown>): Record<string, unknown> {
  return eventV2(m.inv, { accountId: m.scope.accountId, apiId: m.apiId, stage: m.stage.stageName, routeKey: m.route.routeKey, pathParameters: m.pathParameters, stageVariables: m.stageVariables, authorizer });
}

function v1Event(m: Matched, authorizer?: Record<string, unknown>): Record<string, unknown> {
  const key = m.route.routeKey;
  const resourcePath = key === "$default" ? "$default" : key.slice(key.indexOf(" ") + 1);
  return eventV1(m.inv, { accountId: m.scope.accountId, apiId: m.apiId, stage: m.stage.stageName, resourcePath, resourceId: null, pathParameters: m.pathParameters ?? null, stageVariables: m.stageVariables ?? null, authorizer, httpApi: { routeKey: key } });
}

/** The route's authorizer (JWT, Lambda REQUEST, AWS_IAM): only routes that have one pay for its inputs. */
function authorize(ctx: RequestContext, snapshot: V2Snapshot, m: Matched): Promise<HttpAuthOutcome> {
  const { inv, route, stage, scope, stageVariables } = m;
  const id = inv.requestId;
  const query = parseQuery(inv.rawQuery);
  const routeArn = `arn:aws:execute-api:${scope.region}:${scope.accountId}:${m.apiId}/${stage.stageName}/${route.routeKey === "$default" ? "$default" : `${inv.method}${inv.path}`}`;
  return authorizeHttp(ctx, {
    inv, route, authorizers: snapshot.authorizers, apiId: m.apiId, routeArn,
    identityValue: (source) => {
      const found = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source);
      if (!found) return undefined;
      if (found[1] === "request.header") return inv.headers[found[2]!.toLowerCase()];
      if (found[1] === "request.querystring") return query.get(found[2]!)?.join(",");
      if (found[1] === "stageVariables") return stageVariables?.[found[2]!];
      return ({ requestId: id, stage: stage.stageName, routeKey: route.routeKey, httpMethod: inv.method } as Record<string, string>)[found[2]!];
    },
    event: (version) => {
      if (version === "2.0") {
        const e = v2Event(m);
        delete e.body;
        delete e.isBase64Encoded;
        return { ...e, type: "REQUEST", routeArn, identitySource: [] };
      }
      return { ...v1Event(m), type: "REQUEST", methodArn: routeArn };
    },
  });
}
