/** InitiateAuth and AdminInitiateAuth: the flows, each checked against the client's allowed flows. */
import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import { allowedFlows } from "../operations/clients.js";
import { errors } from "../errors.js";
import { findUser, loadClient, loadPool, parse, poolName, type Client, type Json, type Pool, type User } from "../model.js";
import { checkPassword, serverEphemeral, validA } from "../srp.js";
import { hashToken, issueTokens } from "../tokens.js";
import { checkSecretHash, metadata } from "../users.js";
import { secretHashMatches } from "../ids.js";
import { startCustomAuth } from "./custom.js";
import { migrateUser } from "./migration.js";
import { afterPassword, checkCanAttempt, failedPassword, preAuthentication, type AuthOutcome, type FlowContext } from "./outcome.js";
import { createSession } from "./session.js";
import type { CognitoState } from "../state.js";

function params(input: Json): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const p = input.AuthParameters;
  if (p && typeof p === "object") for (const [k, v] of Object.entries(p)) if (typeof v === "string") out[k] = v;
  return out;
}

function requireFlow(client: Client, flow: string, allowed: string[], message = `${flow} flow not enabled for this client`): void {
  const flows = allowedFlows(client);
  if (!allowed.some((a) => flows.includes(a))) throw errors.invalidParameter(message);
}

/** The user a sign-in names, or AWS's answer when there is none (which depends on PreventUserExistenceErrors). */
function userOrFail(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, username: string | undefined): User {
  if (!username) throw errors.invalidParameter("Missing required parameter USERNAME");
  const user = findUser(state, pool, username);
  if (user) return user;
  if (client.PreventUserExistenceErrors === "ENABLED") throw errors.wrongPassword();
  throw errors.noSuchUser();
}

export async function initiateAuth(state: CognitoState, ctx: RequestContext, input: Json, admin: boolean): Promise<AuthOutcome> {
  const client = loadClient(state, input.ClientId, admin ? (loadPool(state, input.UserPoolId).Id) : undefined);
  const pool = loadPool(state, client.UserPoolId);
  const flow = input.AuthFlow;
  const p = params(input);
  const meta = metadata(input.ClientMetadata);
  const flowContext = (user: User): FlowContext => ({ pool, client, user, admin, meta });
  switch (flow) {
    case "USER_PASSWORD_AUTH":
    case "ADMIN_USER_PASSWORD_AUTH":
    case "ADMIN_NO_SRP_AUTH": {
      if (flow === "USER_PASSWORD_AUTH") {
        if (admin) throw errors.invalidParameter("Initiate Auth method not supported.");
        requireFlow(client, flow, ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"]);
      } else {
        if (!admin) throw errors.invalidParameter("Initiate Auth method not supported.");
        requireFlow(client, flow, ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"], "Auth flow not enabled for this client");
      }
      if (!p.USERNAME) throw errors.invalidParameter("Missing required parameter USERNAME");
      checkSecretHash(client, p.USERNAME, p.SECRET_HASH);
      if (!p.PASSWORD) throw errors.invalidParameter("Missing required parameter PASSWORD");
      let user = findUser(state, pool, p.USERNAME);
      if (!user) user = await migrateUser(state, ctx, pool, client, p.USERNAME, p.PASSWORD, "UserMigration_Authentication", meta);
      if (!user) user = userOrFail(state, ctx, pool, client, p.USERNAME);
      checkCanAttempt(ctx, user);
      await preAuthentication(ctx, flowContext(user), meta);
      if (!user.password || !checkPassword(poolName(pool), user.Username, p.PASSWORD, user.password)) failedPassword(state, ctx, pool, user);
      return afterPassword(state, ctx, flowContext(user));
    }
    case "USER_SRP_AUTH": {
      requireFlow(client, flow, ["ALLOW_USER_SRP_AUTH"]);
      if (!p.USERNAME) throw errors.invalidParameter("Missing required parameter USERNAME");
      checkSecretHash(client, p.USERNAME, p.SECRET_HASH);
      if (!p.SRP_A) throw errors.invalidParameter("Missing required parameter SRP_A");
      if (!validA(p.SRP_A)) throw errors.invalidParameter("Invalid SRP_A value.");
      return srpChallenge(state, ctx, pool, client, p.USERNAME, p.SRP_A, admin, meta);
    }
    case "REFRESH_TOKEN_AUTH":
    case "REFRESH_TOKEN":
      requireFlow(client, flow, ["ALLOW_REFRESH_TOKEN_AUTH"]);
      return { ChallengeParameters: {}, AuthenticationResult: await refresh(state, ctx, pool, client, p, meta) };
    case "CUSTOM_AUTH": {
      requireFlow(client, flow, ["ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]);
      if (!p.USERNAME) throw errors.invalidParameter("Missing required parameter USERNAME");
      checkSecretHash(client, p.USERNAME, p.SECRET_HASH);
      const user = userOrFail(state, ctx, pool, client, p.USERNAME);
      checkCanAttempt(ctx, user);
      await preAuthentication(ctx, flowContext(user), meta);
      if (p.CHALLENGE_NAME === "SRP_A") {
        if (!p.SRP_A || !validA(p.SRP_A)) throw errors.invalidParameter("Invalid SRP_A value.");
      }
      return startCustomAuth(state, ctx, flowContext(user), p.CHALLENGE_NAME === "SRP_A" ? p.SRP_A : undefined);
    }
    case undefined:
      throw errors.invalidParameter("1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null");
    default:
      throw errors.invalidParameter(`1 validation error detected: Value '${String(flow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]`);
  }
}

/**
 * PASSWORD_VERIFIER: AWS answers without a Session; the SECRET_BLOCK the client echoes back is
 * what finds the exchange again (here: a random block, the key of a stored session).
 */
export async function srpChallenge(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, username: string, A: string, admin: boolean, meta: Record<string, string>): Promise<AuthOutcome> {
  const user = findUser(state, pool, username);
  const secretBlock = randomBytes(96).toString("base64");
  if (!user || !user.password) {
    if (client.PreventUserExistenceErrors !== "ENABLED" || (user && !user.password)) {
      if (!user) throw errors.noSuchUser();
      throw errors.wrongPassword();
    }
    // With PreventUserExistenceErrors, an unknown user gets a challenge that no answer passes.
    const fake = serverEphemeral(randomBytes(64).toString("hex"));
    createSession(state, ctx, client, { poolId: pool.Id, clientId: client.ClientId, username, challenge: "PASSWORD_VERIFIER", admin, clientMetadata: meta, srp: { ...fake, A, fake: true } }, `srp:${hashToken(secretBlock)}`);
    return { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: { SALT: randomBytes(16).toString("hex"), SECRET_BLOCK: secretBlock, SRP_B: fake.B, USERNAME: username, USER_ID_FOR_SRP: username } };
  }
  checkCanAttempt(ctx, user);
  await preAuthentication(ctx, { pool, client, user, admin, meta }, meta);
  const eph = serverEphemeral(user.password.verifier);
  createSession(state, ctx, client, { poolId: pool.Id, clientId: client.ClientId, username: user.Username, challenge: "PASSWORD_VERIFIER", admin, clientMetadata: meta, srp: { ...eph, A } }, `srp:${hashToken(secretBlock)}`);
  return {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: { SALT: user.password.salt, SECRET_BLOCK: secretBlock, SRP_B: eph.B, USERNAME: user.Username, USER_ID_FOR_SRP: user.Username },
  };
}

async function refresh(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, p: Record<string, string>, meta: Record<string, string>) {
  const token = p.REFRESH_TOKEN;
  if (!token) throw errors.invalidParameter("Missing required parameter REFRESH_TOKEN");
  const cs = state.cs;
  const row = cs.refreshByHash.get(hashToken(token));
  if (!row || row.client_id !== client.ClientId) throw errors.notAuthorized("Invalid Refresh Token");
  if (row.revoked) throw errors.notAuthorized("Refresh Token has been revoked");
  if (row.expires <= ctx.clock.now()) throw errors.notAuthorized("Refresh Token has expired");
  const userRow = cs.userByKey.get(pool.Id, row.username_key);
  if (!userRow) throw errors.notAuthorized("Refresh Token has been revoked");
  const user = parse<User>(userRow.data);
  if (client.ClientSecret) {
    const given = p.SECRET_HASH;
    if (!given) throw errors.notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`);
    const ok = [user.Username, user.sub, p.USERNAME ?? ""].some((name) => name !== "" && secretHashMatches(client.ClientSecret!, name, client.ClientId, given));
    if (!ok) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  }
  if (!user.Enabled) throw errors.notAuthorized("User is disabled.");
  return issueTokens(state, ctx, pool, client, user, { triggerSource: "TokenGeneration_RefreshTokens", authTime: row.auth_time, originJti: row.origin_jti, withRefresh: false, scopes: row.scope ? row.scope.split(" ") : undefined, clientMetadata: meta });
}

export { refresh as refreshTokens };
