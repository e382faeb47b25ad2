/**
 * A request to an HTTP API: stage → CORS preflight → route → throttling → authorizer →
 * integration (Lambda payload 2.0 or 1.0, HTTP_PROXY) → response with CORS headers.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import { snapshotV2 } from "../v2/children.js";
import type { Api, V2Snapshot, V2Stage } from "../v2/model.js";
import { decode, httpApiErrors, parseQuery, type Invocation } from "./common.js";
import { setCookies } from "./cookies.js";
import { writeAccessLog } from "./access-log.js";
import { addCorsHeaders, preflight } from "./cors.js";
import { eventV1 } from "./event-v1.js";
import { eventV2 } from "./event-v2.js";
import { forwardHttpProxy } from "./http-forward.js";
import { authorizeHttp } from "./http-auth.js";
import { HttpRouter } from "./http-router.js";
import { functionOf, invokeLambda } from "./lambda.js";
import { v1ProxyResponse, v2ProxyResponse } from "./proxy-response.js";
import { cached } from "./state.js";
import { gatewayOf } from "../context.js";

export async function invokeHttpApi(ctx: RequestContext, scope: Scope, apiId: string, path: string, makeInv: (path: string, stageInPath: boolean) => Invocation): Promise<HttpResponse> {
  const store = gatewayOf(ctx).docs;
  const [, first = ""] = path.split("/");
  const stageNamed = (name: string): V2Stage | undefined => store.memoized(`v2stage ${apiId} ${name}`, () => store.get<V2Stage>(scope, "v2stage", apiId, name));
  let stage = first && first !== "$default" ? stageNamed(decode(first)) : undefined;
  const inv = stage ? makeInv(path.slice(first.length + 1) || "/", true) : makeInv(path, false);
  stage ??= stageNamed("$default");
  if (!stage) return httpApiErrors.notFound(inv.requestId);
  const snapshot = stageSnapshot(ctx, scope, apiId, stage);
  if (!snapshot) return httpApiErrors.notFound(inv.requestId);
  const response = await serve(ctx, scope, snapshot, stage, inv);
  addCorsHeaders(snapshot.api.corsConfiguration, inv.headers.origin, response);
  response.headers["apigw-requestid"] = inv.requestId;
  writeAccessLog(ctx, scope, stage.accessLogSettings, inv, apiId, stage.stageName, response);
  return response;
}

/** What a stage serves: the API as it is (auto-deploy), or its deployment's snapshot. */
export function stageSnapshot(ctx: RequestContext, scope: Scope, apiId: string, stage: V2Stage): V2Snapshot | undefined {
  const gateway = gatewayOf(ctx);
  const store = gateway.docs;
  if (stage.autoDeploy) return cached(gateway.data.routers, `v2live/${apiId}/${store.generation}`, () => snapshotV2({ ...ctx, ...scope }, store.get<Api>(scope, "api", "", apiId)!));
  return stage.deploymentId ? store.extra<V2Snapshot>(scope, "v2deployment", apiId, stage.deploymentId) : undefined;
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
  const router = cached(state.routers, `v2router/${api.apiId}/${stage.stageName}/${stage.autoDeploy ? gateway.docs.generation : stage.deploymentId}`, () => new HttpRouter(snapshot.routes, snapshot.integrations));
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
  const query = parseQuery(inv.rawQuery);
  const routeArn = `arn:aws:execute-api:${scope.region}:${scope.accountId}:${api.apiId}/${stage.stageName}/${route.routeKey === "$default" ? "$default" : `${inv.method}${inv.path}`}`;
  const v2 = (authorizer?: Record<string, unknown>): Record<string, unknown> =>
    eventV2(inv, { accountId: scope.accountId, apiId: api.apiId, stage: stage.stageName, routeKey: route.routeKey, pathParameters, stageVariables, authorizer });
  const v1 = (authorizer?: Record<string, unknown>): Record<string, unknown> =>
    eventV1(inv, { accountId: scope.accountId, apiId: api.apiId, stage: stage.stageName, resourcePath: route.routeKey === "$default" ? "$default" : route.routeKey.slice(route.routeKey.indexOf(" ") + 1), resourceId: null, pathParameters: pathParameters ?? null, stageVariables: stageVariables ?? null, authorizer, httpApi: { routeKey: route.routeKey } });

  const auth = await authorizeHttp(ctx, {
    inv, route, authorizers: snapshot.authorizers, apiId: api.apiId, routeArn,
    identityValue: (source) => {
      const m = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source);
      if (!m) return undefined;
      if (m[1] === "request.header") return inv.headers[m[2]!.toLowerCase()];
      if (m[1] === "request.querystring") return query.get(m[2]!)?.join(",");
      if (m[1] === "stageVariables") return stageVariables?.[m[2]!];
      return ({ requestId: id, stage: stage.stageName, routeKey: route.routeKey, httpMethod: inv.method } as Record<string, string>)[m[2]!];
    },
    event: (version) => {
      if (version === "2.0") {
        const e = v2();
        delete e.body;
        delete e.isBase64Encoded;
        return { ...e, type: "REQUEST", routeArn, identitySource: [] };
      }
      return { ...v1(), type: "REQUEST", methodArn: routeArn };
    },
  });
  if (!auth.ok) return auth.response;

  const integration = router.integrationOf(route);
  if (!integration) return httpApiErrors.internal(id);
  if (integration.integrationType === "HTTP_PROXY") {
    return forwardHttpProxy(ctx, inv, { uri: integration.integrationUri, httpMethod: integration.integrationMethod, timeoutInMillis: integration.timeoutInMillis }, pathParameters ?? null, stageVariables ?? null, id, true);
  }
  const fn = functionOf(integration.integrationUri);
  if (integration.integrationType !== "AWS_PROXY" || !fn) return httpApiErrors.internal(id);
  const is2 = integration.payloadFormatVersion === "2.0";
  const lambdaContext = auth.authorizer?.lambda as Record<string, unknown> | undefined;
  const event = is2 ? v2(auth.authorizer) : v1(lambdaContext ?? auth.authorizer);
  const outcome = await invokeLambda(ctx, scope, fn, JSON.stringify(event), integration.timeoutInMillis);
  if (outcome.kind === "timeout") return httpApiErrors.timeout(id);
  if (outcome.kind === "failed" || outcome.result.functionError) return httpApiErrors.internal(id);
  if (is2) {
    const response = v2ProxyResponse(outcome.result.payload);
    if (!response) return httpApiErrors.internal(id);
    const cookies = (response as { cookies?: string[] }).cookies;
    delete (response as { cookies?: string[] }).cookies;
    if (cookies) setCookies(response, cookies);
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
