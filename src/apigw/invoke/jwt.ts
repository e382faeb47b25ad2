/**
 * Verifying JWTs for Cognito user pool authorizers (REST) and JWT authorizers (HTTP APIs) with
 * jose: signature against the issuer's JWKS, issuer, expiry and not-before on the server clock.
 * Local Cognito pools hand their keys over the TokenIssuerKeys port; any other issuer's JWKS is
 * found through its `/.well-known/openid-configuration`, fetched once and kept.
 */
import { createLocalJWKSet, jwtVerify, type JWTPayload, type JSONWebKeySet } from "jose";
import type { RequestContext } from "../../core/context.js";
import { gatewayOf } from "../context.js";

type KeyGetter = ReturnType<typeof createLocalJWKSet>;

const LOCAL_KEYS_MS = 60_000;
const MAX_VERIFIED = 4096;
/** A Cognito issuer ends in a user pool id (`.../us-east-1_AbC123`), whether AWS's URL or the emulator's. */
const POOL_ISSUER = /\/[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+$/;

/** Key sets and verified tokens of one server (part of the service's state). */
export class JwtKeys {
  /** Remote issuers' key sets, imported once (a failed discovery is retried). */
  readonly remote = new Map<string, Promise<KeyGetter | undefined>>();
  /** Local pools' key sets, re-read from Cognito every minute on the server clock. */
  readonly local = new Map<string, { keys: KeyGetter; until: number }>();
  /**
   * Tokens whose signature and issuer were verified, with the key set that verified them: a token
   * seen again skips the RSA check (its expiry and audience are still checked on every request).
   */
  readonly verified = new Map<string, { keys: KeyGetter; payload: JWTPayload }>();
  /** The authorizer context of a verified payload (string claims, scopes), built once per token. */
  readonly contexts = new WeakMap<JWTPayload, { claims: Record<string, string>; scopes: string[] }>();

  clear(): void {
    this.local.clear();
    this.verified.clear();
  }
}

async function localKeys(ctx: RequestContext, jwt: JwtKeys, issuer: string): Promise<KeyGetter | undefined> {
  if (!POOL_ISSUER.test(issuer)) return undefined;
  const hit = jwt.local.get(issuer);
  if (hit && hit.until > ctx.clock.now()) return hit.keys;
  try {
    const port = await ctx.ports.get("TokenIssuerKeys");
    const jwks = (await port.getJwks(issuer)) as JSONWebKeySet | undefined;
    if (!jwks) return undefined;
    const keys = createLocalJWKSet(jwks);
    jwt.local.set(issuer, { keys, until: ctx.clock.now() + LOCAL_KEYS_MS });
    return keys;
  } catch {
    return undefined;
  }
}

async function discover(issuer: string): Promise<KeyGetter | undefined> {
  try {
    const config = (await (await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })).json()) as { jwks_uri?: string };
    if (!config.jwks_uri) return undefined;
    const jwks = (await (await fetch(config.jwks_uri, { signal: AbortSignal.timeout(5000) })).json()) as JSONWebKeySet;
    return Array.isArray(jwks.keys) ? createLocalJWKSet(jwks) : undefined;
  } catch {
    return undefined;
  }
}

async function keysOf(ctx: RequestContext, jwt: JwtKeys, issuer: string): Promise<KeyGetter | undefined> {
  const fromPool = await localKeys(ctx, jwt, issuer);
  if (fromPool) return fromPool;
  let pending = jwt.remote.get(issuer);
  if (!pending) {
    jwt.remote.set(issuer, (pending = discover(issuer)));
    void pending.then((found) => found || jwt.remote.delete(issuer));
  }
  return pending;
}

export interface VerifyOptions {
  issuer: string;
  /** HTTP APIs: `aud` or `client_id` must be one of these. */
  audience?: string[];
}

/** The token's claims when it is valid; undefined otherwise. */
export async function verifyJwt(ctx: RequestContext, token: string, options: VerifyOptions): Promise<JWTPayload | undefined> {
  const jwt = gatewayOf(ctx).jwt;
  const keys = await keysOf(ctx, jwt, options.issuer);
  if (!keys) return undefined;
  const now = ctx.clock.now();
  let payload: JWTPayload;
  const known = jwt.verified.get(token);
  if (known && known.keys === keys && known.payload.iss === options.issuer) {
    payload = known.payload;
    const seconds = Math.floor(now / 1000);
    if (typeof payload.exp === "number" && payload.exp <= seconds) {
      jwt.verified.delete(token);
      return undefined;
    }
    if (typeof payload.nbf === "number" && payload.nbf > seconds) return undefined;
  } else {
    try {
      payload = (await jwtVerify(token, keys, { issuer: options.issuer, currentDate: new Date(now), clockTolerance: 0 })).payload;
    } catch {
      return undefined;
    }
    if (jwt.verified.size >= MAX_VERIFIED) jwt.verified.delete(jwt.verified.keys().next().value!);
    jwt.verified.set(token, { keys, payload });
  }
  if (options.audience?.length) {
    const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
    const clientId = typeof payload.client_id === "string" ? [payload.client_id] : [];
    if (![...aud, ...clientId].some((a) => options.audience!.includes(a))) return undefined;
  }
  return payload;
}

/** `scope` claim (space-separated, Cognito access tokens) or `scp` (array) as a list. */
export function scopesOf(claims: JWTPayload): string[] {
  if (typeof claims.scope === "string") return claims.scope.split(" ").filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.map(String);
  return [];
}

/** Claims as the event carries them: every value a string (arrays as `[a b]`, as AWS renders them). */
export function stringClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) out[k] = Array.isArray(v) ? `[${v.join(" ")}]` : typeof v === "object" ? JSON.stringify(v) : String(v);
  return out;
}

/** A verified payload's claims as strings and its scopes, kept with the token for the next request. */
export function jwtContext(ctx: RequestContext, claims: JWTPayload): { claims: Record<string, string>; scopes: string[] } {
  const contexts = gatewayOf(ctx).jwt.contexts;
  let found = contexts.get(claims);
  if (!found) contexts.set(claims, (found = { claims: stringClaims(claims), scopes: scopesOf(claims) }));
  return found;
}
