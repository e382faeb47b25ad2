/** AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminEnableUser, AdminDisableUser, AdminConfirmSignUp, AdminSetUserPassword, AdminResetUserPassword. */
import { checkedAttributes } from "../attributes.js";
import { errors } from "../errors.js";
import { temporaryPassword } from "../ids.js";
import { deliver, destinationOf, issueCode, type CodeDeliveryDetails } from "../messages.js";
import { findUser, loadPool, requireUser, saveUser, type Json, type Pool, type User } from "../model.js";
import { checkPasswordShape, enforcePolicy } from "../passwords.js";
import { signOutEverywhere } from "../tokens.js";
import { runTrigger } from "../triggers.js";
import { adminUserView, userType } from "../user-views.js";
import { deleteUserRecord, insertUser, metadata, newUser, setPassword, shapeNewUser, syncAliases } from "../users.js";
import { confirmUser } from "./sign-up.js";
import type { RequestContext } from "../../core/context.js";
import { cognitoOperation, type CognitoState } from "../state.js";

function inviteDelivery(pool: Pool, user: User, mediums: unknown): CodeDeliveryDetails | undefined {
  const wanted = Array.isArray(mediums) && mediums.length > 0 ? (mediums as string[]) : ["SMS"];
  if (wanted.includes("SMS") && user.Attributes.phone_number) return destinationOf(pool, user, "phone_number");
  if (user.Attributes.email && (wanted.includes("EMAIL") || !user.Attributes.phone_number)) return destinationOf(pool, user, "email");
  return undefined;
}

async function sendInvite(state: CognitoState, ctx: RequestContext, pool: Pool, user: User, password: string, mediums: unknown, meta: Record<string, string>): Promise<void> {
  const delivery = inviteDelivery(pool, user, mediums);
  if (delivery) await deliver(state, ctx, pool, user, delivery, "CustomMessage_AdminCreateUser", password, undefined, meta);
}

export const adminCreateUser = cognitoOperation<Json, Json>({
  name: "AdminCreateUser",
  async handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    if (typeof input.Username !== "string") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    const meta = metadata(input.ClientMetadata);
    const policy = pool.Policies.PasswordPolicy;
    if (input.MessageAction === "RESEND") {
      const user = requireUser(state, pool, input.Username);
      if (user.UserStatus !== "FORCE_CHANGE_PASSWORD") throw errors.unsupportedTokenType("Resend not possible. " + user.Username + " status is not FORCE_CHANGE_PASSWORD.");
      const password = typeof input.TemporaryPassword === "string" ? input.TemporaryPassword : temporaryPassword(policy.MinimumLength);
      setPassword(pool, user, password);
      user.temporaryPasswordExpires = ctx.clock.now() + policy.TemporaryPasswordValidityDays * 86_400_000;
      saveUser(state, pool, user, ctx.clock.now());
      await sendInvite(state, ctx, pool, user, password, input.DesiredDeliveryMediums, meta);
      return { User: userType(user) };
    }
    if (input.MessageAction !== undefined && input.MessageAction !== "SUPPRESS") {
      throw errors.invalidParameter(`1 validation error detected: Value '${String(input.MessageAction)}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`);
    }
    const attrs = checkedAttributes(pool, input.UserAttributes, undefined);
    const { username, sub } = shapeNewUser(pool, input.Username, attrs);
    let password: string;
    if (input.TemporaryPassword !== undefined) {
      password = checkPasswordShape(input.TemporaryPassword, "temporaryPassword");
      enforcePolicy(policy, password);
    } else {
      password = temporaryPassword(policy.MinimumLength);
    }
    const user = newUser(ctx, username, sub, attrs, "FORCE_CHANGE_PASSWORD");
    if (findUser(state, pool, username)) throw errors.usernameExists("User account already exists");
    // AdminCreateUser ignores the trigger's auto-confirm/verify flags, as AWS documents.
    await runTrigger(ctx, pool, "PreSignUp", {
      triggerSource: "PreSignUp_AdminCreateUser",
      userName: username,
      request: { userAttributes: { ...user.Attributes }, validationData: null, clientMetadata: meta },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    setPassword(pool, user, password);
    user.temporaryPasswordExpires = ctx.clock.now() + policy.TemporaryPasswordValidityDays * 86_400_000;
    insertUser(state, ctx, pool, user, "User account already exists");
    if (input.MessageAction !== "SUPPRESS") await sendInvite(state, ctx, pool, user, password, input.DesiredDeliveryMediums, meta);
    return { User: userType(user) };
  },
});

export const adminGetUser = cognitoOperation<Json, Json>({
  name: "AdminGetUser",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    return adminUserView(requireUser(state, pool, input.Username));
  },
});

export const adminDeleteUser = cognitoOperation<Json, Record<string, never>>({
  name: "AdminDeleteUser",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    deleteUserRecord(state, ctx, pool, requireUser(state, pool, input.Username));
    return {};
  },
});

export const adminEnableUser = cognitoOperation<Json, Record<string, never>>({
  name: "AdminEnableUser",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    user.Enabled = true;
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

export const adminDisableUser = cognitoOperation<Json, Record<string, never>>({
  name: "AdminDisableUser",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    user.Enabled = false;
    saveUser(state, pool, user, ctx.clock.now());
    signOutEverywhere(state, ctx, pool, user);
    return {};
  },
});

export const adminConfirmSignUp = cognitoOperation<Json, Record<string, never>>({
  name: "AdminConfirmSignUp",
  async handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    if (user.UserStatus !== "UNCONFIRMED") throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`);
    await confirmUser(ctx, pool, user, "PostConfirmation_ConfirmSignUp", undefined, metadata(input.ClientMetadata));
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

export const adminSetUserPassword = cognitoOperation<Json, Record<string, never>>({
  name: "AdminSetUserPassword",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    const password = checkPasswordShape(input.Password);
    enforcePolicy(pool.Policies.PasswordPolicy, password);
    setPassword(pool, user, password);
    if (input.Permanent === true) {
      user.UserStatus = "CONFIRMED";
      delete user.temporaryPasswordExpires;
    } else {
      user.UserStatus = "FORCE_CHANGE_PASSWORD";
      user.temporaryPasswordExpires = ctx.clock.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86_400_000;
    }
    user.failedAttempts = 0;
    delete user.lockedUntil;
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

export const adminResetUserPassword = cognitoOperation<Json, Record<string, never>>({
  name: "AdminResetUserPassword",
  async handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    const delivery = destinationOf(pool, user, user.Attributes.email_verified === "true" ? "email" : user.Attributes.phone_number_verified === "true" ? "phone_number" : undefined);
    if (!delivery) throw errors.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
    user.UserStatus = "RESET_REQUIRED";
    const code = issueCode(ctx, user, "forgot");
    ctx.store.txn(() => {
      saveUser(state, pool, user, ctx.clock.now());
      syncAliases(state, ctx, pool, user);
    });
    await deliver(state, ctx, pool, user, delivery, "CustomMessage_ForgotPassword", code, undefined, metadata(input.ClientMetadata));
    return {};
  },
});
