/** RespondToAuthChallenge and AdminRespondToAuthChallenge: every challenge a flow can pose. */
import type { RequestContext } from "../../core/context.js";
import { checkedAttributes } from "../attributes.js";
import { errors } from "../errors.js";
import { findUser, loadClient, loadPool, poolName, saveUser, type Client, type Json, type Pool, type User } from "../model.js";
import { checkPasswordShape, enforcePolicy } from "../passwords.js";
import { claimSignature, safeEqualText, sessionKey, SRP_TIMESTAMP } from "../srp.js";
import { hashToken } from "../tokens.js";
import { matchTotp } from "../totp.js";
import { checkSecretHash, metadata, setPassword } from "../users.js";
import { answerCustom, nextCustomStep } from "./custom.js";
import { afterPassword, checkCanAttempt, failedPassword, finish, mfaChallenge, mfaOrTokens, type AuthOutcome, type FlowContext } from "./outcome.js";
import { endSession, loadSession, type AuthSession } from "./session.js";
import type { CognitoState } from "../state.js";

function responses(input: Json): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const r = input.ChallengeResponses;
  if (r && typeof r === "object") for (const [k, v] of Object.entries(r)) if (typeof v === "string") out[k] = v;
  return out;
}

const CHALLENGES = ["SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED"];

function sessionUser(state: CognitoState, ctx: RequestContext, pool: Pool, session: AuthSession, r: Record<string, string>): User {
  const user = findUser(state, pool, session.username);
  if (!user) throw errors.noSuchUser();
  if (r.USERNAME !== undefined && findUser(state, pool, r.USERNAME)?.sub !== user.sub) throw errors.badSession();
  return user;
}

export async function respondToAuthChallenge(state: CognitoState, ctx: RequestContext, input: Json, admin: boolean): Promise<AuthOutcome> {
  const client: Client = loadClient(state, input.ClientId, admin ? loadPool(state, input.UserPoolId).Id : undefined);
  const pool = loadPool(state, client.UserPoolId);
  const name = input.ChallengeName;
  if (typeof name !== "string" || !CHALLENGES.includes(name)) {
    throw errors.invalidParameter(`1 validation error detected: Value '${String(name)}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [${CHALLENGES.join(", ")}]`);
  }
  const r = responses(input);
  if (!r.USERNAME) throw errors.invalidParameter("Missing required parameter USERNAME");
  checkSecretHash(client, r.USERNAME, r.SECRET_HASH);
  const meta = metadata(input.ClientMetadata);

  if (name === "PASSWORD_VERIFIER") return passwordVerifier(state, ctx, pool, client, r, meta);

  const sessionId = input.Session;
  const session = loadSession(state, ctx, sessionId, client);
  if (session.challenge !== name) throw errors.badSession();
  const user = sessionUser(state, ctx, pool, session, r);
  const f: FlowContext = { pool, client, user, admin, meta: { ...session.clientMetadata, ...meta } };
  const tokenSource = session.triggerSource ?? "TokenGeneration_Authentication";
  switch (name) {
    case "NEW_PASSWORD_REQUIRED": {
      const password = checkPasswordShape(r.NEW_PASSWORD, "NEW_PASSWORD");
      enforcePolicy(pool.Policies.PasswordPolicy, password);
      const attrs = Object.entries(r)
        .filter(([k]) => k.startsWith("userAttributes."))
        .map(([k, v]) => ({ Name: k.slice("userAttributes.".length), Value: v }));
      for (const [k, v] of checkedAttributes(pool, attrs, client)) user.Attributes[k] = v;
      setPassword(pool, user, password);
      user.UserStatus = "CONFIRMED";
      delete user.temporaryPasswordExpires;
      saveUser(state, pool, user, ctx.clock.now());
      endSession(state, ctx, sessionId as string);
      return mfaOrTokens(state, ctx, f, "TokenGeneration_NewPasswordChallenge");
    }
    case "SOFTWARE_TOKEN_MFA": {
      const code = r.SOFTWARE_TOKEN_MFA_CODE ?? "";
      const step = user.mfa.totpSecret ? matchTotp(user.mfa.totpSecret, code, ctx.clock.now()) : undefined;
      if (step === undefined || (user.mfa.lastTotpStep !== undefined && step <= user.mfa.lastTotpStep)) throw errors.codeMismatch("Invalid code received for user");
      user.mfa.lastTotpStep = step;
      saveUser(state, pool, user, user.UserLastModifiedDate);
      endSession(state, ctx, sessionId as string);
      return { ChallengeParameters: {}, AuthenticationResult: await finish(state, ctx, f, tokenSource) };
    }
    case "SMS_MFA":
    case "EMAIL_OTP": {
      const given = (name === "SMS_MFA" ? r.SMS_MFA_CODE : r.EMAIL_OTP_CODE) ?? "";
      if (!session.code || !safeEqualText(session.code, given)) throw errors.codeMismatch("Invalid code received for user");
      endSession(state, ctx, sessionId as string);
      return { ChallengeParameters: {}, AuthenticationResult: await finish(state, ctx, f, tokenSource) };
    }
    case "SELECT_MFA_TYPE": {
      const answer = r.ANSWER ?? "";
      if (!["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"].includes(answer)) throw errors.invalidParameter("Invalid MFA type selected.");
      endSession(state, ctx, sessionId as string);
      return mfaChallenge(state, ctx, f, answer, tokenSource);
    }
    case "MFA_SETUP": {
      if (!session.totpVerified || !session.totpSecret) throw errors.invalidParameter("Software token MFA has not been set up for the user.");
      user.mfa.totpSecret = session.totpSecret;
      user.mfa.totpEnabled = true;
      user.mfa.preferred ??= "SOFTWARE_TOKEN_MFA";
      saveUser(state, pool, user, ctx.clock.now());
      endSession(state, ctx, sessionId as string);
      return { ChallengeParameters: {}, AuthenticationResult: await finish(state, ctx, f, tokenSource) };
    }
    case "CUSTOM_CHALLENGE": {
      if (!session.custom) throw errors.badSession();
      endSession(state, ctx, sessionId as string);
      return answerCustom(state, ctx, f, session.custom, r.ANSWER ?? "");
    }
    default:
      throw errors.invalidParameter(`Challenge ${name} is not supported by local-aws.`);
  }
}

async function passwordVerifier(state: CognitoState, ctx: RequestContext, pool: Pool, client: Client, r: Record<string, string>, meta: Record<string, string>): Promise<AuthOutcome> {
  const block = r.PASSWORD_CLAIM_SECRET_BLOCK;
  const signature = r.PASSWORD_CLAIM_SIGNATURE;
  const timestamp = r.TIMESTAMP;
  if (!block) throw errors.invalidParameter("Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK");
  if (!signature) throw errors.invalidParameter("Missing required parameter PASSWORD_CLAIM_SIGNATURE");
  if (!timestamp) throw errors.invalidParameter("Missing required parameter TIMESTAMP");
  if (!SRP_TIMESTAMP.test(timestamp)) throw errors.invalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
  const id = `srp:${hashToken(block)}`;
  const row = state.cs.sessionById.get(id);
  if (!row) throw errors.badSession();
  if (row.expires <= ctx.clock.now()) throw errors.expiredSession();
  const session = JSON.parse(row.data) as AuthSession;
  if (session.clientId !== client.ClientId || !session.srp) throw errors.badSession();
  endSession(state, ctx, id);
  if (session.srp.fake) throw errors.wrongPassword();
  const user = findUser(state, pool, session.username);
  if (!user || !user.password) throw errors.wrongPassword();
  if (findUser(state, pool, r.USERNAME!)?.sub !== user.sub) throw errors.badSession();
  checkCanAttempt(ctx, user);
  const key = sessionKey(session.srp.A, session.srp, user.password.verifier);
  const expected = claimSignature(key, poolName(pool), user.Username, Buffer.from(block, "base64"), timestamp);
  if (!safeEqualText(expected, signature)) failedPassword(state, ctx, pool, user);
  const f: FlowContext = { pool, client, user, admin: session.admin, meta: { ...session.clientMetadata, ...meta } };
  if (session.custom?.withSrp) {
    user.failedAttempts = 0;
    saveUser(state, pool, user, user.UserLastModifiedDate);
    return nextCustomStep(state, ctx, f, [...session.custom.history, { challengeName: "PASSWORD_VERIFIER", challengeResult: true }]);
  }
  return afterPassword(state, ctx, f);
}
