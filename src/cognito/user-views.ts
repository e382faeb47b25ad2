/** How users appear on the wire (UserType, AdminGetUser, GetUser), and attribute updates shared by admin and self-service. */
import type { RequestContext } from "../core/context.js";
import { checkedAttributes, clientAllows, schemaOf } from "./attributes.js";
import { errors } from "./errors.js";
import { deliver, destinationOf, issueCode, type CodeDeliveryDetails } from "./messages.js";
import { attributeList, saveUser, seconds, type Client, type Json, type Pool, type User } from "./model.js";
import { aliasConflict, syncAliases } from "./users.js";
import type { CognitoState } from "./state.js";

export function mfaSettings(user: User): { PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const list: string[] = [];
  if (user.mfa.smsEnabled) list.push("SMS_MFA");
  if (user.mfa.totpEnabled) list.push("SOFTWARE_TOKEN_MFA");
  if (user.mfa.emailEnabled) list.push("EMAIL_OTP");
  const out: { PreferredMfaSetting?: string; UserMFASettingList?: string[] } = {};
  if (list.length > 0) out.UserMFASettingList = list;
  if (user.mfa.preferred && list.includes(user.mfa.preferred)) out.PreferredMfaSetting = user.mfa.preferred;
  return out;
}

/** UserType, as AdminCreateUser and ListUsers return it. */
export function userType(user: User, attributesToGet?: string[]): Json {
  return {
    Username: user.Username,
    Attributes: attributeList(user, attributesToGet ? (n) => attributesToGet.includes(n) : undefined),
    UserCreateDate: seconds(user.UserCreateDate),
    UserLastModifiedDate: seconds(user.UserLastModifiedDate),
    Enabled: user.Enabled,
    UserStatus: user.UserStatus,
  };
}

export function adminUserView(user: User): Json {
  return {
    Username: user.Username,
    UserAttributes: attributeList(user),
    UserCreateDate: seconds(user.UserCreateDate),
    UserLastModifiedDate: seconds(user.UserLastModifiedDate),
    Enabled: user.Enabled,
    UserStatus: user.UserStatus,
    ...mfaSettings(user),
  };
}

export function selfUserView(user: User, client: Client | undefined): Json {
  return { Username: user.Username, UserAttributes: attributeList(user, (n) => clientAllows(client, n, "read") || n === "sub"), ...mfaSettings(user) };
}

/**
 * Applies attribute changes. A changed email/phone that the pool auto-verifies becomes unverified
 * and gets a code (unless the admin set `<attr>_verified` in the same call); returns where codes went.
 */
export async function updateAttributes(state: CognitoState, 
  ctx: RequestContext,
  pool: Pool,
  user: User,
  list: unknown,
  client: Client | undefined,
  meta: Record<string, string>,
): Promise<CodeDeliveryDetails[]> {
  const changes = checkedAttributes(pool, list, client, "userAttributes");
  const toVerify: string[] = [];
  for (const [name, value] of changes) {
    const schema = schemaOf(pool, name);
    if (schema && !schema.Mutable && user.Attributes[name] !== undefined) throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    if ((name === "email" || name === "phone_number") && user.Attributes[name] !== value) {
      if (!changes.has(`${name}_verified`)) user.Attributes[`${name}_verified`] = "false";
      if ((pool.AutoVerifiedAttributes ?? []).includes(name) && changes.get(`${name}_verified`) !== "true") toVerify.push(name);
    }
    if (value === "" && name !== "email" && name !== "phone_number") delete user.Attributes[name];
    else user.Attributes[name] = value;
  }
  if (aliasConflict(state, ctx, pool, user)) throw errors.aliasExists("An account with the given email already exists.");
  const sent: CodeDeliveryDetails[] = [];
  const codes: [CodeDeliveryDetails, string][] = [];
  for (const attr of toVerify) {
    const delivery = destinationOf(pool, user, attr);
    if (delivery) codes.push([delivery, issueCode(ctx, user, `verify:${attr}`)]);
  }
  ctx.store.txn(() => {
    saveUser(state, pool, user, ctx.clock.now());
    syncAliases(state, ctx, pool, user);
  });
  for (const [delivery, code] of codes) {
    await deliver(state, ctx, pool, user, delivery, "CustomMessage_UpdateUserAttribute", code, client?.ClientId, meta);
    sent.push(delivery);
  }
  return sent;
}

export function deleteAttributes(state: CognitoState, ctx: RequestContext, pool: Pool, user: User, names: unknown, client: Client | undefined): void {
  if (!Array.isArray(names)) throw errors.invalidParameter("1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null");
  for (const name of names) {
    if (typeof name !== "string") continue;
    const schema = schemaOf(pool, name);
    if (!schema) throw errors.invalidParameter(`Invalid user attributes: ${name}: Attribute does not exist in the schema.`);
    if (schema.Required) throw errors.invalidParameter(`Invalid user attributes: ${name}: The attribute is required`);
    if (name === "sub" || !schema.Mutable) throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    if (client && !clientAllows(client, name, "write")) throw errors.notAuthorized("A client attempted to write unauthorized attribute");
    delete user.Attributes[name];
  }
  ctx.store.txn(() => {
    saveUser(state, pool, user, ctx.clock.now());
    syncAliases(state, ctx, pool, user);
  });
}
