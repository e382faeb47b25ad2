/**
 * AssumeRoleWithWebIdentity's token: Cognito Identity's own OpenID tokens (GetOpenIdToken) and
 * local user pools' ID tokens are verified here; any other issuer's keys cannot be fetched offline.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { OPENID_ISSUER, openIdPublicKey } from "../openid.js";
import type { IdentityState } from "../state.js";

export interface WebIdentity {
  /** The federated principal a trust policy names: `cognito-identity.amazonaws.com`, `cognito-idp.<region>.amazonaws.com/<pool>`. */
  provider: string;
  issuer: string;
  subject: string;
  audience: string;
  amr?: string[];
}

function invalidToken(message: string): AwsError {
  return new AwsError("InvalidIdentityToken", message);
}

async function verified(ctx: RequestContext, state: IdentityState, token: string, issuer: string): Promise<JWTPayload> {
  const now = new Date(ctx.clock.now());
  try {
    if (issuer === OPENID_ISSUER) return (await jwtVerify(token, openIdPublicKey(state), { issuer, currentDate: now })).payload;
    const jwks = (await (await ctx.ports.get("TokenIssuerKeys")).getJwks(issuer)) as JSONWebKeySet | undefined;
    if (!jwks) throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");
    return (await jwtVerify(token, createLocalJWKSet(jwks), { issuer, currentDate: now })).payload;
  } catch (e) {
    if (e instanceof AwsError) throw e;
    const code = (e as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") throw new AwsError("ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time.");
    throw invalidToken("The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.");
  }
}

export async function verifyWebIdentity(ctx: RequestContext, state: IdentityState, token: string): Promise<WebIdentity> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidToken("The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.");
  }
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  const payload = await verified(ctx, state, token, issuer);
  const audience = typeof payload.aud === "string" ? payload.aud : Array.isArray(payload.aud) ? (payload.aud[0] ?? "") : "";
  const provider = issuer.replace(/^https:\/\//, "");
  const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : undefined;
  return { provider, issuer: provider, subject: String(payload.sub ?? ""), audience, ...(amr ? { amr } : {}) };
}
