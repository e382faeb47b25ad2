/**
 * Cognito Identity's own OpenID tokens (GetOpenIdToken): RS256, issuer
 * `https://cognito-identity.amazonaws.com`, audience the identity pool, subject the identity id.
 * The key pair is made on first use and kept in SQLite, so tokens verify across restarts.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
import { SignJWT, type JWK } from "jose";
import type { IdentityState } from "./state.js";

export const OPENID_ISSUER = "https://cognito-identity.amazonaws.com";

function signingKey(state: IdentityState): { kid: string; privatePem: string; jwk: JWK } {
  const row = state.sql.key.get();
  if (row) return { kid: row.id, privatePem: row.private_pem, jwk: JSON.parse(row.public_jwk) as JWK };
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `local-${randomUUID().slice(0, 8)}`;
  const jwk = { ...(publicKey.export({ format: "jwk" }) as JWK), kid, alg: "RS256", use: "sig" };
  const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  state.sql.putKey.run(kid, privatePem, JSON.stringify(jwk));
  return { kid, privatePem, jwk };
}

export async function openIdToken(state: IdentityState, now: number, identityId: string, poolId: string, amr: string[], ttlSeconds = 600): Promise<string> {
  const key = signingKey(state);
  const iat = Math.floor(now / 1000);
  return new SignJWT({ amr })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWS" })
    .setIssuer(OPENID_ISSUER)
    .setSubject(identityId)
    .setAudience(poolId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(createPrivateKey(key.privatePem));
}

/** The public key of Cognito Identity's tokens (to verify them in AssumeRoleWithWebIdentity). */
export function openIdPublicKey(state: IdentityState): KeyObject {
  return createPublicKey({ key: signingKey(state).jwk as JsonWebKey, format: "jwk" });
}
