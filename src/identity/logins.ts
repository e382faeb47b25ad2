/**
 * The `Logins` map of GetId / GetCredentialsForIdentity / GetOpenIdToken: provider name → token.
 * Tokens of local Cognito user pools (`cognito-idp.<region>.amazonaws.com/<poolId>`) are verified
 * against the pool's keys (TokenIssuerKeys port): signature, issuer, expiry on the clock, and the
 * audience against the app clients the identity pool lists. Other providers' tokens cannot be
 * verified offline: they are accepted when the pool lists the provider, keyed by their `sub`.
 * Cognito Identity's own tokens (`cognito-identity.amazonaws.com`) name their identity.
 */
import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JSONWebKeySet } from "jose";
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import { OPENID_ISSUER, openIdPublicKey } from "./openid.js";
import type { IdentityPool } from "./pool.js";
import type { IdentityState } from "./state.js";

export const OPENID_PROVIDER = "cognito-identity.amazonaws.com";

export interface VerifiedLogin {
  provider: string;
  /** The subject the identity is keyed by. */
  subject: string;
  claims: JWTPayload;
}

const USER_POOL_PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9-]+_[0-9A-Za-z]+)$/;

export function notAuthorized(message: string): AwsError {
  return new AwsError("NotAuthorizedException", message);
}

async function verifyUserPoolToken(ctx: RequestContext, provider: string, poolId: string, token: string, clientIds: string[]): Promise<JWTPayload> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
  }
  const iss = typeof unverified.iss === "string" ? unverified.iss : "";
  if (!iss.endsWith(`/${poolId}`)) throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
  let jwks: JSONWebKeySet | undefined;
  try {
    jwks = (await (await ctx.ports.get("TokenIssuerKeys")).getJwks(iss)) as JSONWebKeySet | undefined;
  } catch {
    jwks = undefined;
  }
  if (!jwks) throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: iss, currentDate: new Date(ctx.clock.now()) }));
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_JWT_EXPIRED") throw notAuthorized("Invalid login token. Token expired: 1 hour");
    throw notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
  }
  // Identity pools take ID tokens (aud = app client id); an access token has no aud.
  const aud = typeof payload.aud === "string" ? payload.aud : undefined;
  if (payload.token_use !== "id" || !aud) throw notAuthorized("Invalid login token. Missing a required claim: aud");
  if (clientIds.length > 0 && !clientIds.includes(aud)) throw notAuthorized("Invalid login token. Incorrect token audience.");
  void provider;
  return payload;
}

/** Verifies every login against the pool's providers; throws NotAuthorizedException as AWS does. */
/** Cognito Identity's own tokens (GetOpenIdToken[ForDeveloperIdentity]) log in as the identity they name. */
async function verifyOwnToken(ctx: RequestContext, state: IdentityState, pool: IdentityPool, token: string): Promise<VerifiedLogin> {
  try {
    const { payload } = await jwtVerify(token, openIdPublicKey(state), { issuer: OPENID_ISSUER, audience: pool.IdentityPoolId, currentDate: new Date(ctx.clock.now()) });
    // A guest's token is no login: it would turn a guest into an authenticated identity.
    if (!Array.isArray(payload.amr) || !payload.amr.includes("authenticated")) throw notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
    return { provider: OPENID_PROVIDER, subject: String(payload.sub), claims: payload };
  } catch (e) {
    if (e instanceof AwsError) throw e;
    if ((e as { code?: string }).code === "ERR_JWT_EXPIRED") throw notAuthorized("Invalid login token. Token expired.");
    throw notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.");
  }
}

export async function verifyLogins(ctx: RequestContext, state: IdentityState, pool: IdentityPool, logins: Record<string, string> | undefined): Promise<VerifiedLogin[]> {
  const out: VerifiedLogin[] = [];
  for (const [provider, token] of Object.entries(logins ?? {})) {
    const m = USER_POOL_PROVIDER.exec(provider);
    if (m) {
      const listed = (pool.CognitoIdentityProviders ?? []).filter((p) => p.ProviderName === provider);
      if (listed.length === 0) throw notAuthorized("Token is not from a supported provider of this identity pool.");
      const clientIds = listed.map((p) => p.ClientId).filter((c): c is string => typeof c === "string");
      const claims = await verifyUserPoolToken(ctx, provider, m[2]!, token, clientIds);
      out.push({ provider, subject: String(claims.sub), claims });
      continue;
    }
    if (provider === OPENID_PROVIDER) {
      out.push(await verifyOwnToken(ctx, state, pool, token));
      continue;
    }
    const supported =
      Object.prototype.hasOwnProperty.call(pool.SupportedLoginProviders ?? {}, provider) ||
      (pool.OpenIdConnectProviderARNs ?? []).some((arn) => arn.endsWith(`:oidc-provider/${provider}`));
    if (!supported) throw notAuthorized("Token is not from a supported provider of this identity pool.");
    let claims: JWTPayload = {};
    try {
      claims = decodeJwt(token);
    } catch {
      claims = {};
    }
    const subject = typeof claims.sub === "string" ? claims.sub : createHash("sha256").update(token).digest("hex");
    out.push({ provider, subject, claims });
  }
  return out;
}

/** The key an identity is found by: one per provider and subject (the first login wins). */
export function loginKey(login: VerifiedLogin): string {
  return `${login.provider}|${login.subject}`;
}
