/**
 * A request to a REST API stage: route → authorizer → API key and usage plan → stage throttling →
 * request validation → integration → response, each failure answered as AWS answers it.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import type { Integration, Snapshot, Stage } from "../rest/model.js";
import { parseQuery, restErrors, type Invocation } from "./common.js";
import { eventV1 } from "./event-v1.js";
import { forwardHttpProxy } from "./http-forward.js";
import { authenticateIam, authorizeInvoke } from "./iam-auth.js";
import { functionOf, invokeLambda } from "./lambda.js";
import { nonProxy } from "./nonproxy.js";
import { v1ProxyResponse } from "./proxy-response.js";
import { authorizeRest } from "./rest-auth.js";
import { RestRouter } from "./rest-router.js";
import { cacheKey, cachePolicy, stageCacheKey, wantsInvalidation } from "./stage-cache.js";
import { cached } from "./state.js";
import { checkUsage } from "./usage.js";
import { validateRequest } from "./validation.js";
import { gatewayOf } from "../context.js";

export async function invokeRest(ctx: RequestContext, scope: Scope, snapshot: Snapshot, stage: Stage, inv: Invocation): Promise<HttpResponse> {
  const id = inv.requestId;
  const api = snapshot.api;
  const gateway = gatewayOf(ctx);
  const state = gateway.data;
  const router = cached(state.routers, `rest/${stage.deploymentId}`, () => new RestRouter(snapshot.resources));
  const match = router.match(inv.method, inv.path);
  if (!match) return restErrors.missingToken(id);
  const { resource, method, pathParameters } = match;
  inv.matched = resource.path;
  const query = parseQuery(inv.rawQuery);
  const stageVariables = stage.variables && Object.keys(stage.variables).length ? stage.variables : null;
  const methodArn = `arn:aws:execute-api:${scope.region}:${scope.accountId}:${api.id}/${stage.stageName}/${inv.method}${inv.path}`;
  const baseContext = { accountId: scope.accountId, apiId: api.id, stage: stage.stageName, resourcePath: resource.path, resourceId: resource.id, pathParameters, stageVariables, binaryMediaTypes: api.binaryMediaTypes, deploymentId: stage.deploymentId };

  const settingKey = `${resource.path.replace(/^\//, "")}/${inv.method}`;
  const setting = stage.methodSettings[settingKey] ?? stage.methodSettings["*/*"];
  if (setting && (typeof setting.throttlingRateLimit === "number" || typeof setting.throttlingBurstLimit === "number")) {
    const key = stage.methodSettings[settingKey] ? settingKey : "*/*";
    if (!state.throttles.take(`stage/${api.id}/${stage.stageName}/${key}`, Number(setting.throttlingRateLimit ?? 10000), Number(setting.throttlingBurstLimit ?? 5000), inv.now)) {
      return restErrors.throttled(id);
    }
  }

  const identityValue = (source: string): string | undefined => {
    const m = /^(method\.request\.(header|querystring|path)|stageVariables|context)\.(.+)$/.exec(source);
    if (!m) return undefined;
    const name = m[3]!;
    if (m[2] === "header") return inv.headers[name.toLowerCase()];
    if (m[2] === "querystring") return query.get(name)?.at(-1);
    if (m[2] === "path") return pathParameters?.[name];
    if (m[1] === "stageVariables") return stageVariables?.[name];
    return ({ httpMethod: inv.method, stage: stage.stageName, requestId: id, resourcePath: resource.path } as Record<string, string>)[name];
  };
  const auth = await authorizeRest(ctx, {
    inv, method, authorizers: snapshot.authorizers, methodArn, apiId: api.id, identityValue,
    requestEvent: () => ({ type: "REQUEST", methodArn, ...eventV1(inv, baseContext), body: undefined, isBase64Encoded: undefined }),
  });
  if (!auth.ok) return auth.response;

  let apiKey: { value: string; id: string } | undefined;
  if (method.apiKeyRequired) {
    const value = api.apiKeySource === "AUTHORIZER" ? auth.usageIdentifierKey : inv.headers["x-api-key"];
    const usage = checkUsage(ctx, id, api.id, stage.stageName, `${resource.path}/${inv.method}`, value);
    if (!usage.ok) return usage.response;
    apiKey = usage.key;
  }

  const validation = validateRequest(method, snapshot.validators, snapshot.models, api.id, gateway.validators, {
    has: (location, name) => (location === "header" ? inv.headers[name.toLowerCase()] !== undefined : location === "querystring" ? query.has(name) : pathParameters?.[name] !== undefined),
    contentType: inv.headers["content-type"],
    body: inv.body,
  });
  if (!validation.ok) return "missing" in validation ? restErrors.badParameters(id, validation.missing) : restErrors.badBody(id);

  const integration = method.methodIntegration;
  if (!integration) return restErrors.internal(id);
  const event = eventV1(inv, { ...baseContext, authorizer: auth.authorizer, apiKey });
  if (auth.identity) Object.assign((event.requestContext as { identity: object }).identity, auth.identity);
  const integrate = async (): Promise<HttpResponse> => {
    if (integration.type === "AWS_PROXY") return lambdaProxy(ctx, scope, integration, event, id);
    if (integration.type === "HTTP_PROXY") return forwardHttpProxy(ctx, inv, integration, pathParameters, stageVariables, id, false);
    return nonProxy(ctx, scope, inv, { integration, method, event, stageVariables, query });
  };

  const policy = cachePolicy(stage, settingKey, inv.method);
  if (!policy) return withRequestHeaders(await integrate(), id);
  const stageKey = stageCacheKey(scope.accountId, scope.region, api.id, stage.stageName);
  const key = cacheKey(inv, resource, method, query, pathParameters);
  let fresh = false;
  let ignored = false;
  if (wantsInvalidation(inv.headers)) {
    // requireAuthorizationForCacheControl: only a caller whose SigV4 signature checks out (and, under
    // --enforce-iam, whose policies allow execute-api:InvalidateCache) may invalidate.
    if (!policy.requireAuthorization || (await mayInvalidate(ctx, inv, methodArn))) fresh = true;
    else if (policy.unauthorizedStrategy === "FAIL_WITH_403") return restErrors.cacheControlUnauthorized(id);
    else ignored = policy.unauthorizedStrategy === "SUCCEED_WITH_RESPONSE_HEADER";
  }
  let response = fresh ? undefined : state.responses.get(stageKey, key, inv.now);
  if (!response) {
    response = await integrate();
    state.responses.put(stageKey, key, response, policy.ttlMs, ctx.clock.now());
  }
  if (ignored) response.headers.warning = CACHE_CONTROL_IGNORED;
  return withRequestHeaders(response, id);
}

const CACHE_CONTROL_IGNORED = '199 "Cache-control headers were ignored because the caller was unauthorized."';

/** A Lambda proxy call: a throttled or missing function is AWS's 500, a function error or a malformed result its 502. */
async function lambdaProxy(ctx: RequestContext, scope: Scope, integration: Integration, event: Record<string, unknown>, id: string): Promise<HttpResponse> {
  const fn = functionOf(integration.uri);
  if (!fn) return restErrors.integrationFailure(id);
  const outcome = await invokeLambda(ctx, scope, fn, JSON.stringify(event), integration.timeoutInMillis);
  if (outcome.kind === "timeout") return restErrors.timeout(id);
  if (outcome.kind === "failed") return restErrors.integrationFailure(id);
  if (outcome.result.functionError) return restErrors.internal(id);
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.result.payload.toString("utf8"));
  } catch {
    return restErrors.internal(id);
  }
  return v1ProxyResponse(parsed) ?? restErrors.internal(id);
}

function withRequestHeaders(response: HttpResponse, id: string): HttpResponse {
  response.headers["x-amzn-requestid"] = id;
  return response;
}

async function mayInvalidate(ctx: RequestContext, inv: Invocation, methodArn: string): Promise<boolean> {
  const iam = await authenticateIam(ctx, inv);
  return iam.ok && (await authorizeInvoke(ctx, iam.caller, methodArn, "execute-api:InvalidateCache")).allowed;
}
