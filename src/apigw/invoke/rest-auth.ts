/**
 * REST API method authorization: Lambda authorizers (TOKEN, REQUEST) with their policy evaluated
 * against the method ARN and results cached for their TTL on the clock, Cognito user pool
 * authorizers, and AWS_IAM (the SigV4 signature, see iam-auth.ts).
 */
import type { RequestContext } from "../../core/context.js";
import type { HttpResponse } from "../../core/service.js";
import type { Authorizer, Method } from "../rest/model.js";
import { gatewayError, restErrors, type Invocation } from "./common.js";
import { authenticateIam, authorizeInvoke } from "./iam-auth.js";
import { verifyJwt, scopesOf, stringClaims } from "./jwt.js";
import { functionOf, invokeLambda, resultJson } from "./lambda.js";
import { policyAllows } from "./policy.js";
import type { CachedAuthorization } from "./state.js";
import { gatewayOf } from "../context.js";

export type AuthOutcome =
  | { ok: true; authorizer?: Record<string, unknown>; usageIdentifierKey?: string; identity?: Record<string, unknown> }
  | { ok: false; response: HttpResponse };

export interface RestAuthInput {
  inv: Invocation;
  method: Method;
  authorizers: Authorizer[];
  methodArn: string;
  apiId: string;
  /** Reads `method.request.header.X`, `method.request.querystring.x`, `stageVariables.x`, `context.x`. */
  identityValue(source: string): string | undefined;
  /** The REQUEST authorizer's event (the proxy event's fields plus type and methodArn). */
  requestEvent(): Record<string, unknown>;
}

export async function authorizeRest(ctx: RequestContext, a: RestAuthInput): Promise<AuthOutcome> {
  const id = a.inv.requestId;
  const type = a.method.authorizationType;
  if (type === "AWS_IAM") {
    const iam = await authenticateIam(ctx, a.inv);
    if (!iam.ok) return { ok: false, response: "missing" in iam ? restErrors.missingToken(id) : gatewayError(403, iam.error.message, iam.error.code, id) };
    const c = iam.caller;
    const decision = await authorizeInvoke(ctx, c, a.methodArn);
    if (!decision.allowed) return { ok: false, response: gatewayError(403, decision.message, "AccessDeniedException", id, "Message") };
    return { ok: true, identity: { accessKey: c.accessKeyId, accountId: c.account, caller: c.userId, user: c.userId, userArn: c.principalArn } };
  }
  if (type !== "CUSTOM" && type !== "COGNITO_USER_POOLS") return { ok: true };
  const authorizer = a.authorizers.find((x) => x.id === a.method.authorizerId);
  if (!authorizer) return { ok: false, response: restErrors.authorizerFailure(id) };
  if (authorizer.type === "COGNITO_USER_POOLS") return cognito(ctx, a, authorizer);
  return lambdaAuthorizer(ctx, a, authorizer);
}

async function cognito(ctx: RequestContext, a: RestAuthInput, authorizer: Authorizer): Promise<AuthOutcome> {
  const id = a.inv.requestId;
  const token = a.identityValue(authorizer.identitySource ?? "method.request.header.Authorization");
  if (!token) return { ok: false, response: restErrors.unauthorized(id) };
  for (const arn of authorizer.providerARNs ?? []) {
    const m = /^arn:[^:]+:cognito-idp:([^:]+):\d+:userpool\/(.+)$/.exec(arn);
    if (!m) continue;
    const claims = await verifyJwt(ctx, token.replace(/^Bearer /i, ""), { issuer: `https://cognito-idp.${m[1]}.amazonaws.com/${m[2]}` });
    if (!claims) continue;
    const required = a.method.authorizationScopes ?? [];
    if (required.length > 0) {
      // With scopes, the method wants an access token holding one of them.
      const scopes = scopesOf(claims);
      if (claims.token_use !== "access" || !required.some((s) => scopes.includes(s))) return { ok: false, response: restErrors.unauthorized(id) };
    } else if (claims.token_use === "access") {
      return { ok: false, response: restErrors.unauthorized(id) };
    }
    return { ok: true, authorizer: { claims: stringClaims(claims) } };
  }
  return { ok: false, response: restErrors.unauthorized(id) };
}

async function lambdaAuthorizer(ctx: RequestContext, a: RestAuthInput, authorizer: Authorizer): Promise<AuthOutcome> {
  const id = a.inv.requestId;
  const sources = (authorizer.identitySource ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const values = sources.map((s) => a.identityValue(s));
  if (authorizer.type === "TOKEN") {
    const token = values[0];
    if (!token) return { ok: false, response: restErrors.unauthorized(id) };
    if (authorizer.identityValidationExpression && !new RegExp(`^(?:${authorizer.identityValidationExpression})$`).test(token)) {
      return { ok: false, response: restErrors.unauthorized(id) };
    }
  } else if (values.some((v) => v === undefined || v === "")) {
    return { ok: false, response: restErrors.unauthorized(id) };
  }
  const ttl = (authorizer.authorizerResultTtlInSeconds ?? 300) * 1000;
  const cacheKey = `${a.apiId}/${authorizer.id}/${values.join("\u0000")}`;
  const cache = gatewayOf(ctx).data.authorizations;
  const now = ctx.clock.now();
  let answer: CachedAuthorization | undefined = ttl > 0 && sources.length > 0 ? cache.get(cacheKey) : undefined;
  if (answer && answer.expiresAt <= now) answer = undefined;
  if (!answer) {
    const fn = functionOf(authorizer.authorizerUri);
    if (!fn) return { ok: false, response: restErrors.authorizerFailure(id) };
    const event = authorizer.type === "TOKEN" ? { type: "TOKEN", methodArn: a.methodArn, authorizationToken: values[0] } : a.requestEvent();
    const outcome = await invokeLambda(ctx, ctx, fn, JSON.stringify(event), 30_000);
    if (outcome.kind === "ok" && outcome.result.functionError) {
      const message = errorMessageOf(outcome.result.payload);
      return { ok: false, response: message === "Unauthorized" ? restErrors.unauthorized(id) : restErrors.authorizerFailure(id) };
    }
    const result = resultJson(outcome) as { principalId?: unknown; policyDocument?: unknown; context?: Record<string, unknown>; usageIdentifierKey?: unknown } | undefined;
    if (!result || typeof result !== "object" || !result.policyDocument) return { ok: false, response: restErrors.authorizerFailure(id) };
    answer = { expiresAt: now + ttl, principalId: String(result.principalId ?? ""), policy: result.policyDocument, context: flatContext(result.context), usageIdentifierKey: typeof result.usageIdentifierKey === "string" ? result.usageIdentifierKey : undefined };
    if (ttl > 0 && sources.length > 0) cache.set(cacheKey, answer);
  }
  if (!policyAllows(answer.policy, a.methodArn)) return { ok: false, response: restErrors.denied(id) };
  return { ok: true, authorizer: { ...answer.context, principalId: answer.principalId, integrationLatency: 0 }, usageIdentifierKey: answer.usageIdentifierKey };
}

/** Context values must be strings, numbers or booleans; AWS drops the authorization otherwise. */
function flatContext(context: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context ?? {})) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  return out;
}

function errorMessageOf(payload: Buffer): string | undefined {
  try {
    return (JSON.parse(payload.toString("utf8")) as { errorMessage?: string }).errorMessage;
  } catch {
    return undefined;
  }
}
