/** AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, AdminSetUserMFAPreference, SetUserPoolMfaConfig, GetUserPoolMfaConfig. */
import type { RequestContext } from "../../core/context.js";
import { errors } from "../errors.js";
import { loadClient, loadPool, requireUser, savePool, saveUser, type Json, type Pool, type User } from "../model.js";
import { loadSession, updateSession } from "../auth/session.js";
import { verifyAccessToken } from "../tokens.js";
import { matchTotp, newTotpSecret } from "../totp.js";
import { cognitoOperation, type CognitoState } from "../state.js";

function sessionClient(state: CognitoState, ctx: RequestContext, id: unknown) {
  const row = typeof id === "string" ? state.cs.sessionById.get(id) : undefined;
  if (!row) throw errors.badSession();
  const clientId = (JSON.parse(row.data) as { clientId: string }).clientId;
  return loadClient(state, clientId);
}

export const associateSoftwareToken = cognitoOperation<Json, Json>({
  name: "AssociateSoftwareToken",
  handle(input, ctx, state) {
    const secret = newTotpSecret();
    if (typeof input.AccessToken === "string") {
      const { pool, user } = verifyAccessToken(state, ctx, input.AccessToken);
      user.mfa.totpPendingSecret = secret;
      saveUser(state, pool, user, ctx.clock.now());
      return { SecretCode: secret };
    }
    if (input.Session === undefined) throw errors.invalidParameter("Either AccessToken or Session must be provided.");
    const session = loadSession(state, ctx, input.Session, sessionClient(state, ctx, input.Session));
    if (session.challenge !== "MFA_SETUP") throw errors.badSession();
    session.totpSecret = secret;
    session.totpVerified = false;
    updateSession(state, ctx, input.Session as string, session);
    return { SecretCode: secret, Session: input.Session };
  },
});

export const verifySoftwareToken = cognitoOperation<Json, Json>({
  name: "VerifySoftwareToken",
  handle(input, ctx, state) {
    const code = typeof input.UserCode === "string" ? input.UserCode : "";
    if (!/^[0-9]+$/.test(code) || code.length !== 6) throw errors.invalidParameter("1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must have length less than or equal to 6");
    if (typeof input.AccessToken === "string") {
      const { pool, user } = verifyAccessToken(state, ctx, input.AccessToken);
      const secret = user.mfa.totpPendingSecret ?? user.mfa.totpSecret;
      if (!secret) throw errors.invalidParameter("User has not associated a software token.");
      const step = matchTotp(secret, code, ctx.clock.now());
      if (step === undefined) throw errors.enableSoftwareTokenMfa("Code mismatch");
      user.mfa.totpSecret = secret;
      delete user.mfa.totpPendingSecret;
      user.mfa.totpEnabled = true;
      user.mfa.lastTotpStep = step;
      saveUser(state, pool, user, ctx.clock.now());
      return { Status: "SUCCESS" };
    }
    const session = loadSession(state, ctx, input.Session, sessionClient(state, ctx, input.Session));
    if (session.challenge !== "MFA_SETUP" || !session.totpSecret) throw errors.badSession();
    if (matchTotp(session.totpSecret, code, ctx.clock.now()) === undefined) throw errors.enableSoftwareTokenMfa("Code mismatch");
    session.totpVerified = true;
    updateSession(state, ctx, input.Session as string, session);
    return { Status: "SUCCESS", Session: input.Session };
  },
});

interface FactorSetting {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

function applyPreference(user: User, input: Json): void {
  const set = (key: string, method: string, flag: "smsEnabled" | "totpEnabled" | "emailEnabled"): void => {
    const s = input[key] as FactorSetting | undefined;
    if (!s) return;
    if (s.Enabled === true) {
      if (flag === "totpEnabled" && !user.mfa.totpSecret) throw errors.invalidParameter("User has not verified software token mfa");
      if (flag === "smsEnabled" && !user.Attributes.phone_number) throw errors.invalidParameter("User does not have delivery config set to turn on SMS_MFA");
      if (flag === "emailEnabled" && !user.Attributes.email) throw errors.invalidParameter("User does not have delivery config set to turn on EMAIL_OTP");
    }
    if (s.Enabled !== undefined) user.mfa[flag] = s.Enabled;
    if (s.PreferredMfa === true) user.mfa.preferred = method;
    else if (s.PreferredMfa === false && user.mfa.preferred === method) delete user.mfa.preferred;
    if (s.Enabled === false && user.mfa.preferred === method) delete user.mfa.preferred;
  };
  set("SMSMfaSettings", "SMS_MFA", "smsEnabled");
  set("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA", "totpEnabled");
  set("EmailMfaSettings", "EMAIL_OTP", "emailEnabled");
}

export const setUserMfaPreference = cognitoOperation<Json, Record<string, never>>({
  name: "SetUserMFAPreference",
  handle(input, ctx, state) {
    const { pool, user } = verifyAccessToken(state, ctx, input.AccessToken);
    applyPreference(user, input);
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

export const adminSetUserMfaPreference = cognitoOperation<Json, Record<string, never>>({
  name: "AdminSetUserMFAPreference",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    applyPreference(user, input);
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

function mfaConfig(pool: Pool): Json {
  const out: Json = { MfaConfiguration: pool.MfaConfiguration };
  if (pool.SmsMfaConfiguration) out.SmsMfaConfiguration = pool.SmsMfaConfiguration;
  if (pool.SoftwareTokenMfaConfiguration) out.SoftwareTokenMfaConfiguration = pool.SoftwareTokenMfaConfiguration;
  if (pool.EmailMfaConfiguration) out.EmailMfaConfiguration = pool.EmailMfaConfiguration;
  return out;
}

export const setUserPoolMfaConfig = cognitoOperation<Json, Json>({
  name: "SetUserPoolMfaConfig",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    if (input.MfaConfiguration !== undefined) {
      if (!["OFF", "ON", "OPTIONAL"].includes(String(input.MfaConfiguration))) {
        throw errors.invalidParameter(`1 validation error detected: Value '${String(input.MfaConfiguration)}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]`);
      }
      pool.MfaConfiguration = input.MfaConfiguration as Pool["MfaConfiguration"];
    }
    if (input.SmsMfaConfiguration !== undefined) pool.SmsMfaConfiguration = input.SmsMfaConfiguration as Json;
    if (input.SoftwareTokenMfaConfiguration !== undefined) pool.SoftwareTokenMfaConfiguration = input.SoftwareTokenMfaConfiguration as { Enabled: boolean };
    if (input.EmailMfaConfiguration !== undefined) pool.EmailMfaConfiguration = input.EmailMfaConfiguration as Json;
    if (pool.MfaConfiguration !== "OFF" && !pool.SoftwareTokenMfaConfiguration?.Enabled && !pool.SmsMfaConfiguration && !pool.EmailMfaConfiguration) {
      throw errors.invalidParameter("At least one MFA method must be enabled when MFA is ON or OPTIONAL.");
    }
    pool.LastModifiedDate = ctx.clock.now();
    savePool(state, pool);
    return mfaConfig(pool);
  },
});

export const getUserPoolMfaConfig = cognitoOperation<Json, Json>({
  name: "GetUserPoolMfaConfig",
  handle(input, ctx, state) {
    return mfaConfig(loadPool(state, input.UserPoolId));
  },
});
