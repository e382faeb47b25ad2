/**
 * What follows a proven password (or a custom auth that says "issue tokens"): a forced password
 * change, an MFA challenge, or the tokens — with Pre/PostAuthentication and the lockout counter.
 */
import type { RequestContext } from "../../core/context.js";
import { errors } from "../errors.js";
import { newCode } from "../ids.js";
import { deliver, destinationOf, fixedCode, maskDestination } from "../messages.js";
import { saveUser, type Client, type Pool, type User } from "../model.js";
import { issueTokens, type AuthenticationResult } from "../tokens.js";
import { runTrigger } from "../triggers.js";
import { triggerAttributes } from "../users.js";
import { createSession, type AuthSession } from "./session.js";
import type { CognitoState } from "../state.js";

export interface AuthOutcome {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
}

export interface FlowContext {
  pool: Pool;
  client: Client;
  user: User;
  admin: boolean;
  meta: Record<string, string>;
}

const LOCKOUT_AFTER = 5;

/** Disabled or locked-out users are refused before their password is looked at. */
export function checkCanAttempt(ctx: RequestContext, user: User): void {
  if (!user.Enabled) throw errors.notAuthorized("User is disabled.");
  if (user.lockedUntil !== undefined && user.lockedUntil > ctx.clock.now()) throw errors.notAuthorized("Password attempts exceeded");
}

/** Counts a wrong password; from the fifth on, the user is locked out for a time that doubles each time (up to 15 minutes). */
export function failedPassword(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): never {
  user.failedAttempts += 1;
  if (user.failedAttempts >= LOCKOUT_AFTER) {
    user.lockedUntil = ctx.clock.now() + Math.min(2 ** (user.failedAttempts - LOCKOUT_AFTER) * 1000, 900_000);
  }
  saveUser(state, pool, user, user.UserLastModifiedDate);
  throw user.failedAttempts > LOCKOUT_AFTER ? errors.notAuthorized("Password attempts exceeded") : errors.wrongPassword();
}

export async function preAuthentication(ctx: RequestContext, f: FlowContext, validationData: Record<string, string>): Promise<void> {
  await runTrigger(ctx, f.pool, "PreAuthentication", {
    triggerSource: "PreAuthentication_Authentication",
    userName: f.user.Username,
    clientId: f.client.ClientId,
    request: { userAttributes: triggerAttributes(f.user), validationData, userNotFound: false },
  });
}

function session(state: CognitoState, ctx: RequestContext, f: FlowContext, challenge: string, extra: Partial<AuthSession> = {}): string {
  return createSession(state, ctx, f.client, { poolId: f.pool.Id, clientId: f.client.ClientId, username: f.user.Username, challenge, admin: f.admin, clientMetadata: f.meta, ...extra });
}

/** After the password is proven: status checks, then NEW_PASSWORD_REQUIRED, MFA or tokens. */
export async function afterPassword(state: CognitoState, ctx: RequestContext, f: FlowContext): Promise<AuthOutcome> {
  const { user } = f;
  if (user.UserStatus === "UNCONFIRMED") throw errors.userNotConfirmed("User is not confirmed.");
  if (user.UserStatus === "RESET_REQUIRED") throw errors.passwordResetRequired("Password reset required for the user");
  user.failedAttempts = 0;
  delete user.lockedUntil;
  if (user.UserStatus === "FORCE_CHANGE_PASSWORD") {
    if (user.temporaryPasswordExpires !== undefined && user.temporaryPasswordExpires <= ctx.clock.now()) {
      throw errors.notAuthorized("Temporary password has expired and must be reset by an administrator.");
    }
    saveUser(state, f.pool, user, user.UserLastModifiedDate);
    const attrs: Record<string, string> = { ...user.Attributes };
    delete attrs.sub;
    delete attrs.email_verified;
    delete attrs.phone_number_verified;
    return {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: session(state, ctx, f, "NEW_PASSWORD_REQUIRED"),
      ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: "[]", userAttributes: JSON.stringify(attrs) },
    };
  }
  saveUser(state, f.pool, user, user.UserLastModifiedDate);
  return mfaOrTokens(state, ctx, f, "TokenGeneration_Authentication");
}

/** The MFA challenge the pool and user call for, or the tokens. */
export async function mfaOrTokens(state: CognitoState, ctx: RequestContext, f: FlowContext, tokenSource: string): Promise<AuthOutcome> {
  const { pool, user } = f;
  const mode = pool.MfaConfiguration;
  const enabled = [user.mfa.totpEnabled && "SOFTWARE_TOKEN_MFA", user.mfa.smsEnabled && "SMS_MFA", user.mfa.emailEnabled && "EMAIL_OTP"].filter((x): x is string => typeof x === "string");
  if (mode !== "OFF") {
    let method = user.mfa.preferred && enabled.includes(user.mfa.preferred) ? user.mfa.preferred : enabled.length === 1 ? enabled[0] : undefined;
    if (!method && enabled.length > 1) {
      return { ChallengeName: "SELECT_MFA_TYPE", Session: session(state, ctx, f, "SELECT_MFA_TYPE", { triggerSource: tokenSource }), ChallengeParameters: { USER_ID_FOR_SRP: user.Username, MFAS_CAN_CHOOSE: JSON.stringify(enabled) } };
    }
    if (!method && mode === "ON") {
      if (pool.SoftwareTokenMfaConfiguration?.Enabled) {
        return { ChallengeName: "MFA_SETUP", Session: session(state, ctx, f, "MFA_SETUP", { triggerSource: tokenSource }), ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } };
      }
      if (user.Attributes.phone_number) method = "SMS_MFA";
      else if (user.Attributes.email && pool.EmailMfaConfiguration) method = "EMAIL_OTP";
    }
    if (method) return mfaChallenge(state, ctx, f, method, tokenSource);
  }
  return { ChallengeParameters: {}, AuthenticationResult: await finish(state, ctx, f, tokenSource) };
}

export async function mfaChallenge(state: CognitoState, ctx: RequestContext, f: FlowContext, method: string, tokenSource: string): Promise<AuthOutcome> {
  const { pool, user } = f;
  if (method === "SOFTWARE_TOKEN_MFA") {
    return { ChallengeName: method, Session: session(state, ctx, f, method, { triggerSource: tokenSource }), ChallengeParameters: { USER_ID_FOR_SRP: user.Username } };
  }
  const attribute = method === "SMS_MFA" ? "phone_number" : "email";
  const delivery = destinationOf(pool, user, attribute);
  if (!delivery) throw errors.invalidParameter(`User does not have delivery config set to turn on ${method}`);
  const code = newCode(fixedCode(ctx));
  await deliver(state, ctx, pool, user, delivery, "CustomMessage_Authentication", code, f.client.ClientId, f.meta);
  return {
    ChallengeName: method,
    Session: session(state, ctx, f, method, { code, triggerSource: tokenSource }),
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: delivery.DeliveryMedium,
      CODE_DELIVERY_DESTINATION: maskDestination(delivery.DeliveryMedium, user.Attributes[attribute] ?? ""),
      USER_ID_FOR_SRP: user.Username,
    },
  };
}

/** PostAuthentication, then the tokens. */
export async function finish(state: CognitoState, ctx: RequestContext, f: FlowContext, tokenSource: string): Promise<AuthenticationResult> {
  await runTrigger(ctx, f.pool, "PostAuthentication", {
    triggerSource: "PostAuthentication_Authentication",
    userName: f.user.Username,
    clientId: f.client.ClientId,
    request: { userAttributes: triggerAttributes(f.user), newDeviceUsed: false, clientMetadata: f.meta },
  });
  return issueTokens(state, ctx, f.pool, f.client, f.user, { triggerSource: tokenSource, withRefresh: true, clientMetadata: f.meta });
}
