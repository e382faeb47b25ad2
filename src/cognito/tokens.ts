/**
 * The tokens a pool issues: RS256 ID and access tokens with AWS's claims, opaque refresh tokens
 * (stored by hash, revocable), PreTokenGeneration V1/V2/V3 applied; and the checks an access token
 * passes before GetUser and friends accept it.
 */
import { createHash, randomUUID } from "node:crypto";
import type { RequestContext } from "../core/context.js";
import { errors } from "./errors.js";
import { newOpaque } from "./ids.js";
import { decodeJwt, signatureValid, signJwt } from "./jwt.js";
import { clientAllows } from "./attributes.js";
import { findUser, parse, type Client, type Group, type Pool, type User } from "./model.js";
import { runTrigger, triggerArn } from "./triggers.js";
import type { CognitoState } from "./state.js";

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: "Bearer";
  IdToken: string;
  RefreshToken?: string;
}

/** `iss`: AWS's URL by default; `cognito.issuer: "local"` in the config makes it this server's. */
export function issuerOf(ctx: { settings: RequestContext["settings"]; endpoint: string }, poolId: string): string {
  const config = ctx.settings.config.cognito as { issuer?: unknown } | undefined;
  if (config?.issuer === "local") return `${ctx.endpoint}/${poolId}`;
  return `https://cognito-idp.${poolId.slice(0, poolId.indexOf("_"))}.amazonaws.com/${poolId}`;
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A client's validity for a token kind, in seconds. */
export function validitySeconds(client: Client, kind: "AccessToken" | "IdToken" | "RefreshToken"): number {
  const units = client.TokenValidityUnits ?? {};
  const unit = UNIT_SECONDS[units[kind] ?? (kind === "RefreshToken" ? "days" : "hours")] ?? 3600;
  const value = kind === "AccessToken" ? client.AccessTokenValidity : kind === "IdToken" ? client.IdTokenValidity : client.RefreshTokenValidity;
  return (value ?? (kind === "RefreshToken" ? 30 : 1)) * unit;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function groupsOf(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): Group[] {
  const key = pool.UsernameConfiguration.CaseSensitive ? user.Username : user.Username.toLowerCase();
  return state.cs.groupsOfUser.all(pool.Id, key).map((r) => parse<Group>(r.data));
}

export interface IssueOptions {
  triggerSource: string;
  authTime?: number;
  originJti?: string;
  withRefresh: boolean;
  scopes?: string[];
  clientMetadata?: Record<string, string>;
  /** Hosted UI: the OIDC `nonce` to echo, and an `at_hash` in the ID token. */
  nonce?: string;
  atHash?: boolean;
}

const PROTECTED = new Set(["acr", "amr", "aud", "auth_time", "azp", "exp", "iat", "identities", "iss", "sub", "token_use", "nonce", "at_hash", "cognito:username", "client_id", "jti", "origin_jti", "event_id", "username"]);

function applyOverrides(claims: Record<string, unknown>, add: unknown, suppress: unknown): void {
  if (add && typeof add === "object") {
    for (const [k, v] of Object.entries(add as Record<string, unknown>)) if (!PROTECTED.has(k)) claims[k] = v;
  }
  if (Array.isArray(suppress)) for (const k of suppress) if (typeof k === "string" && !PROTECTED.has(k)) delete claims[k];
}

export async function issueTokens(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, user: User, options: IssueOptions): Promise<AuthenticationResult> {
  const now = ctx.clock.now();
  const iat = Math.floor(now / 1000);
  const authTime = options.authTime ?? iat;
  const originJti = options.originJti ?? randomUUID();
  const eventId = randomUUID();
  const iss = issuerOf(ctx, pool.Id);
  let groups = groupsOf(state, ctx, pool, user)
    .sort((a, b) => (a.Precedence ?? Infinity) - (b.Precedence ?? Infinity))
    .map((g) => ({ name: g.GroupName, role: g.RoleArn }));
  let scopes = options.scopes ?? ["aws.cognito.signin.user.admin"];

  const idClaims: Record<string, unknown> = {};
  const accessClaims: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.Attributes)) {
    if (name === "sub" || !clientAllows(client, name, "read")) continue;
    attributes[name] = name.endsWith("_verified") ? value === "true" : value;
  }
  const trigger = await runTrigger(ctx, pool, "PreTokenGeneration", {
    triggerSource: options.triggerSource,
    userName: user.Username,
    clientId: client.ClientId,
    request: {
      userAttributes: { ...user.Attributes, "cognito:user_status": user.UserStatus },
      groupConfiguration: {
        groupsToOverride: groups.map((g) => g.name),
        iamRolesToOverride: groups.flatMap((g) => (g.role ? [g.role] : [])),
        preferredRole: groups.find((g) => g.role)?.role ?? null,
      },
      scopes,
      clientMetadata: options.clientMetadata ?? {},
    },
    response: { claimsOverrideDetails: null, claimsAndScopeOverrideDetails: null },
  });
  let preferredRole = groups.find((g) => g.role)?.role;
  if (trigger) {
    const r = trigger.response as Record<string, Record<string, unknown> | null | undefined>;
    const v1 = r.claimsOverrideDetails;
    const v2 = r.claimsAndScopeOverrideDetails;
    const groupOverride = (v2?.groupOverrideDetails ?? v1?.groupOverrideDetails) as { groupsToOverride?: string[]; iamRolesToOverride?: string[]; preferredRole?: string } | undefined;
    if (groupOverride?.groupsToOverride) groups = groupOverride.groupsToOverride.map((name) => ({ name, role: undefined }));
    if (groupOverride?.preferredRole) preferredRole = groupOverride.preferredRole;
    if (v1) applyOverrides(attributes, v1.claimsToAddOrOverride, v1.claimsToSuppress);
    if (v2 && trigger.version !== "1") {
      const idGen = (v2.idTokenGeneration ?? {}) as Record<string, unknown>;
      const accessGen = (v2.accessTokenGeneration ?? {}) as Record<string, unknown>;
      applyOverrides(attributes, idGen.claimsToAddOrOverride, idGen.claimsToSuppress);
      applyOverrides(accessClaims, accessGen.claimsToAddOrOverride, accessGen.claimsToSuppress);
      if (Array.isArray(accessGen.scopesToSuppress)) scopes = scopes.filter((s) => !(accessGen.scopesToSuppress as unknown[]).includes(s));
      if (Array.isArray(accessGen.scopesToAdd)) for (const s of accessGen.scopesToAdd) if (typeof s === "string" && !scopes.includes(s)) scopes.push(s);
    }
  }
  const groupNames = groups.map((g) => g.name);

  Object.assign(idClaims, { sub: user.sub });
  if (groupNames.length > 0) idClaims["cognito:groups"] = groupNames;
  if (preferredRole) idClaims["cognito:preferred_role"] = preferredRole;
  const roles = groups.flatMap((g) => (g.role ? [g.role] : []));
  if (roles.length > 0) idClaims["cognito:roles"] = roles;
  Object.assign(idClaims, attributes);
  const idExp = iat + validitySeconds(client, "IdToken");
  Object.assign(idClaims, { iss, "cognito:username": user.Username, origin_jti: originJti, aud: client.ClientId, event_id: eventId, token_use: "id", auth_time: authTime, exp: idExp, iat, jti: randomUUID() });

  if (options.nonce !== undefined) idClaims.nonce = options.nonce;
  const accessExp = iat + validitySeconds(client, "AccessToken");
  const access: Record<string, unknown> = { sub: user.sub };
  if (groupNames.length > 0) access["cognito:groups"] = groupNames;
  Object.assign(access, accessClaims, { iss, client_id: client.ClientId, origin_jti: originJti, event_id: eventId, token_use: "access", scope: scopes.join(" "), auth_time: authTime, exp: accessExp, iat, jti: randomUUID(), username: user.Username });

  const cs = state.cs;
  await state.keys.ensure(pool.Id);
  const idKey = state.keys.signing(pool.Id, "id");
  const accessKey = state.keys.signing(pool.Id, "access");
  if (!idKey || !accessKey) throw errors.invalidUserPoolConfiguration("The user pool's signing keys are not ready.");
  const accessToken = signJwt(accessKey.kid, access, accessKey.key);
  if (options.atHash) idClaims.at_hash = createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
  const result: AuthenticationResult = {
    AccessToken: accessToken,
    ExpiresIn: accessExp - iat,
    TokenType: "Bearer",
    IdToken: signJwt(idKey.kid, idClaims, idKey.key),
  };
  if (options.withRefresh) {
    const token = `${newOpaque(24)}.${newOpaque(48)}.${newOpaque(16)}`;
    const key = pool.UsernameConfiguration.CaseSensitive ? user.Username : user.Username.toLowerCase();
    cs.insertRefresh.run(hashToken(token), pool.Id, client.ClientId, key, originJti, authTime, now + validitySeconds(client, "RefreshToken") * 1000, scopes.join(" "));
    result.RefreshToken = token;
  }
  return result;
}

/** An access token for a client itself (OAuth2 client_credentials): no user, custom scopes only. */
export async function issueClientToken(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, requested: string[]): Promise<{ access_token: string; expires_in: number; token_type: "Bearer" }> {
  await state.keys.ensure(pool.Id);
  const key = state.keys.signing(pool.Id, "access");
  if (!key) throw errors.invalidUserPoolConfiguration("The user pool's signing keys are not ready.");
  let scopes = [...requested];
  const iat = Math.floor(ctx.clock.now() / 1000);
  const exp = iat + validitySeconds(client, "AccessToken");
  const extra: Record<string, unknown> = {};
  // Machine-to-machine tokens go through PreTokenGeneration only with the V3_0 event, as on AWS.
  if (triggerArn(pool, "PreTokenGeneration")?.version === "3") {
    const event = await runTrigger(ctx, pool, "PreTokenGeneration", {
      triggerSource: "TokenGeneration_ClientCredentials",
      userName: client.ClientId,
      clientId: client.ClientId,
      request: { userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, scopes, clientMetadata: {} },
      response: { claimsAndScopeOverrideDetails: null },
    });
    const details = (event?.response as { claimsAndScopeOverrideDetails?: { accessTokenGeneration?: Record<string, unknown> } | null } | undefined)?.claimsAndScopeOverrideDetails;
    const gen = details?.accessTokenGeneration ?? {};
    applyOverrides(extra, gen.claimsToAddOrOverride, gen.claimsToSuppress);
    if (Array.isArray(gen.scopesToSuppress)) scopes = scopes.filter((s) => !(gen.scopesToSuppress as unknown[]).includes(s));
    if (Array.isArray(gen.scopesToAdd)) for (const s of gen.scopesToAdd) if (typeof s === "string" && !scopes.includes(s)) scopes.push(s);
  }
  const claims = { sub: client.ClientId, ...extra, token_use: "access", scope: scopes.join(" "), auth_time: iat, iss: issuerOf(ctx, pool.Id), exp, iat, version: 2, jti: randomUUID(), client_id: client.ClientId };
  return { access_token: signJwt(key.kid, claims, key.key), expires_in: exp - iat, token_type: "Bearer" };
}

export interface VerifiedAccess {
  pool: Pool;
  user: User;
  claims: Record<string, unknown>;
}

/** Checks an access token as GetUser does: signature, use, expiry, revocation, and that the user still exists. */
export function verifyAccessToken(state: CognitoState, ctx: RequestContext, token: unknown): VerifiedAccess {
  const jwt = decodeJwt(token);
  if (!jwt) throw errors.invalidAccessToken();
  const iss = jwt.payload.iss;
  const poolId = typeof iss === "string" ? iss.slice(iss.lastIndexOf("/") + 1) : "";
  const cs = state.cs;
  const row = cs.poolById.get(poolId);
  if (!row) throw errors.invalidAccessToken();
  const key = state.keys.verifying(poolId, jwt.kid);
  if (!key || key.use !== "access" || !signatureValid(jwt, key.key) || jwt.payload.token_use !== "access") throw errors.invalidAccessToken();
  const exp = jwt.payload.exp;
  if (typeof exp !== "number" || exp * 1000 <= ctx.clock.now()) throw errors.notAuthorized("Access Token has expired");
  const pool = parse<Pool>(row.data);
  const origin = jwt.payload.origin_jti;
  if (typeof origin === "string" && cs.jtiRevoked.get(origin)) throw errors.notAuthorized("Access Token has been revoked");
  const user = findUser(state, pool, String(jwt.payload.username ?? ""));
  if (!user || user.sub !== jwt.payload.sub) throw errors.notAuthorized("Access Token has been revoked");
  if (!user.Enabled) throw errors.notAuthorized("User is disabled.");
  return { pool, user, claims: jwt.payload };
}

/** Revokes every refresh token of the user and the access/ID tokens issued with them (GlobalSignOut). */
export function signOutEverywhere(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): void {
  const cs = state.cs;
  const key = pool.UsernameConfiguration.CaseSensitive ? user.Username : user.Username.toLowerCase();
  ctx.store.txn(() => {
    for (const row of cs.refreshOfUser.all(pool.Id, key)) cs.revokeJti.run(row.origin_jti, row.expires);
    cs.revokeUserRefresh.run(pool.Id, key);
  });
}
