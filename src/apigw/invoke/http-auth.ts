/** HTTP API route authorization: JWT authorizers, Lambda REQUEST authorizers (simple or IAM policy responses), AWS_IAM. */
import type { RequestContext } from "../../core/context.js";
import type { HttpResponse } from "../../core/service.js";
import type { Authorizer, Route } from "../v2/model.js";
import { httpApiErrors, type Invocation } from "./common.js";
import { authenticateIam, authorizeInvoke } from "./iam-auth.js";
import { jwtContext, verifyJwt } from "./jwt.js";
import { functionOf, invokeLambda, resultJson } from "./lambda.js";
import { policyAllows } from "./policy.js";
import type { CachedAuthorization } from "./state.js";
import { gatewayOf } from "../context.js";

export type HttpAuthOutcome = { ok: true; authorizer?: Record<string, unknown> } | { ok: false; response: HttpResponse };

export interface HttpAuthInput {
  inv: Invocation;
  route: Route;
  authorizers: Authorizer[];
  apiId: string;
  routeArn: string;
  /** `$request.header.X`, `$request.querystring.x`, `$context.x`, `$stageVariables.x`. */
  identityValue(source: string): string | undefined;
  /** The authorizer's event (payload 2.0 or 1.0). */
  event(version: string): Record<string, unknown>;
}

export async function authorizeHttp(ctx: RequestContext, a: HttpAuthInput): Promise<HttpAuthOutcome> {
  const id = a.inv.requestId;
  const type = a.route.authorizationType;
  if (type === "AWS_IAM") {
    const iam = await authenticateIam(ctx, a.inv);
    if (!iam.ok) return { ok: false, response: httpApiErrors.forbidden(id) };
    const c = iam.caller;
    if (!(await authorizeInvoke(ctx, c, a.routeArn)).allowed) return { ok: false, response: httpApiErrors.forbidden(id) };
    return { ok: true, authorizer: { iam: { accessKey: c.accessKeyId, accountId: c.account, callerId: c.userId, principalOrgId: null, userArn: c.principalArn, userId: c.userId } } };
  }
  if (type !== "JWT" && type !== "CUSTOM") return { ok: true };
  const authorizer = a.authorizers.find((x) => x.authorizerId === a.route.authorizerId);
  if (!authorizer) return { ok: false, response: httpApiErrors.internal(id) };
  if (authorizer.authorizerType === "JWT") {
    const raw = a.identityValue(authorizer.identitySource[0] ?? "$request.header.Authorization");
    if (!raw) return { ok: false, response: httpApiErrors.unauthorized(id) };
    const claims = await verifyJwt(ctx, raw.replace(/^Bearer\s+/i, ""), { issuer: authorizer.jwtConfiguration?.issuer ?? "", audience: authorizer.jwtConfiguration?.audience });
    if (!claims) return { ok: false, response: httpApiErrors.unauthorized(id) };
    const { claims: stringified, scopes } = jwtContext(ctx, claims);
    const required = a.route.authorizationScopes ?? [];
    if (required.length > 0 && !required.some((s) => scopes.includes(s))) return { ok: false, response: httpApiErrors.forbidden(id) };
    return { ok: true, authorizer: { jwt: { claims: stringified, scopes: scopes.length ? scopes : null } } };
  }
  return lambdaAuthorizer(ctx, a, authorizer);
}

async function lambdaAuthorizer(ctx: RequestContext, a: HttpAuthInput, authorizer: Authorizer): Promise<HttpAuthOutcome> {
  const id = a.inv.requestId;
  const values = authorizer.identitySource.map((s) => a.identityValue(s));
  if (values.some((v) => v === undefined || v === "")) return { ok: false, response: httpApiErrors.unauthorized(id) };
  const ttl = (authorizer.authorizerResultTtlInSeconds ?? 0) * 1000;
  const cacheKey = `${a.apiId}/${authorizer.authorizerId}/${values.join("\u0000")}`;
  const cache = gatewayOf(ctx).data.authorizations;
  const now = ctx.clock.now();
  let answer: CachedAuthorization | undefined = ttl > 0 ? cache.get(cacheKey) : undefined;
  if (answer && answer.expiresAt <= now) answer = undefined;
  const version = authorizer.authorizerPayloadFormatVersion ?? "1.0";
  if (!answer) {
    const fn = functionOf(authorizer.authorizerUri);
    if (!fn) return { ok: false, response: httpApiErrors.internal(id) };
    const event = a.event(version);
    const outcome = await invokeLambda(ctx, ctx, fn, JSON.stringify(event), 10_000);
    if (outcome.kind !== "ok" || outcome.result.functionError) return { ok: false, response: httpApiErrors.internal(id) };
    const result = resultJson(outcome) as Record<string, unknown> | undefined;
    if (!result || typeof result !== "object") return { ok: false, response: httpApiErrors.internal(id) };
    const context = (result.context && typeof result.context === "object" ? result.context : {}) as Record<string, unknown>;
    if (authorizer.enableSimpleResponses) {
      if (typeof result.isAuthorized !== "boolean") return { ok: false, response: httpApiErrors.internal(id) };
      answer = { expiresAt: now + ttl, allowed: result.isAuthorized, context };
    } else {
      if (!result.policyDocument) return { ok: false, response: httpApiErrors.internal(id) };
      answer = { expiresAt: now + ttl, principalId: String(result.principalId ?? ""), policy: result.policyDocument, context };
    }
    if (ttl > 0) cache.set(cacheKey, answer);
  }
  const allowed = answer.allowed ?? policyAllows(answer.policy, a.routeArn);
  if (!allowed) return { ok: false, response: httpApiErrors.forbidden(id) };
  const lambda = answer.principalId !== undefined ? { ...answer.context, principalId: answer.principalId } : answer.context;
  return { ok: true, authorizer: { lambda } };
}
