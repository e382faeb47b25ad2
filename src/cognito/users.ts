/**
 * Users: creation with uniqueness of usernames and aliases, alias bookkeeping on verification,
 * password storage as SRP verifiers, codes, and the client-side checks (SECRET_HASH).
 */
import type { RequestContext } from "../core/context.js";
import { errors } from "./errors.js";
import { newSub, secretHashMatches } from "./ids.js";
import { aliasKey, poolName, saveUser, usernameKey, type Client, type Pool, type User, type UserStatus } from "./model.js";
import { makeVerifier, safeEqualText } from "./srp.js";
import type { CognitoState } from "./state.js";

/** SECRET_HASH as AWS checks it for clients with a secret. */
export function checkSecretHash(client: Client, username: string, given: unknown): void {
  if (!client.ClientSecret) return;
  if (typeof given !== "string" || given === "") throw errors.notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`);
  if (!secretHashMatches(client.ClientSecret, username, client.ClientId, given)) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
}

export function setPassword(pool: Pool, user: User, password: string): void {
  user.password = makeVerifier(poolName(pool), user.Username, password);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+\d{4,15}$/;

/**
 * The stored username and initial attributes for a new user. In pools with UsernameAttributes the
 * name given is an email or phone number; the user's real username is then its `sub`.
 */
export function shapeNewUser(pool: Pool, given: string, attrs: Map<string, string>): { username: string; sub: string } {
  const sub = newSub();
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(given)) {
    throw errors.invalidParameter("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
  }
  const usernameAttributes = pool.UsernameAttributes ?? [];
  if (usernameAttributes.length > 0) {
    const asEmail = usernameAttributes.includes("email") && EMAIL.test(given);
    const asPhone = usernameAttributes.includes("phone_number") && PHONE.test(given);
    if (!asEmail && !asPhone) {
      throw errors.invalidParameter(usernameAttributes.includes("email") && !usernameAttributes.includes("phone_number") ? "Username should be an email." : usernameAttributes.includes("phone_number") && !usernameAttributes.includes("email") ? "Username should be a phone number." : "Username should be either an email or a phone number.");
    }
    attrs.set(asEmail ? "email" : "phone_number", given);
    return { username: sub, sub };
  }
  const aliases = pool.AliasAttributes ?? [];
  if (aliases.includes("email") && EMAIL.test(given)) throw errors.invalidParameter("Username cannot be of email format, since user pool is configured for email alias.");
  if (aliases.includes("phone_number") && PHONE.test(given)) throw errors.invalidParameter("Username cannot be of phone number format, since user pool is configured for phone_number alias.");
  return { username: given, sub };
}

/** The alias keys a user holds now: username attributes always, alias attributes once verified. */
export function aliasesOf(pool: Pool, user: User): string[] {
  const out: string[] = [];
  for (const attr of pool.UsernameAttributes ?? []) {
    const v = user.Attributes[attr];
    if (v) out.push(aliasKey(pool, attr, v));
  }
  for (const attr of pool.AliasAttributes ?? []) {
    const v = user.Attributes[attr];
    if (!v) continue;
    if (attr === "preferred_username" || user.Attributes[`${attr}_verified`] === "true") out.push(aliasKey(pool, attr, v));
  }
  return out;
}

/** Which alias of `user` is taken by someone else (an AliasExistsException / UsernameExistsException). */
export function aliasConflict(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): string | undefined {
  const cs = state.cs;
  const mine = usernameKey(pool, user.Username);
  for (const alias of aliasesOf(pool, user)) {
    const owner = cs.aliasOwner.get(pool.Id, alias);
    if (owner && owner.username_key !== mine) return alias;
  }
  return undefined;
}

/** Rewrites the alias table for `user` (after attributes or verification changed). */
export function syncAliases(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): void {
  const cs = state.cs;
  const key = usernameKey(pool, user.Username);
  cs.deleteAliasesOf.run(pool.Id, key);
  for (const alias of aliasesOf(pool, user)) cs.setAlias.run(pool.Id, alias, key);
}

export function newUser(ctx: RequestContext, username: string, sub: string, attrs: Map<string, string>, status: UserStatus): User {
  const now = ctx.clock.now();
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  attributes.sub = sub;
  for (const [k, v] of attrs) attributes[k] = v;
  return {
    Username: username,
    sub,
    Attributes: { ...attributes },
    Enabled: true,
    UserStatus: status,
    UserCreateDate: now,
    UserLastModifiedDate: now,
    codes: {},
    mfa: { totpEnabled: false, smsEnabled: false, emailEnabled: false },
    failedAttempts: 0,
  };
}

/** Inserts the user (and its aliases) or fails as AWS does when the name or an alias is taken. */
export function insertUser(state: CognitoState, ctx: RequestContext, pool: Pool, user: User, existsMessage: string): void {
  const cs = state.cs;
  const key = usernameKey(pool, user.Username);
  ctx.store.txn(() => {
    if (cs.userByKey.get(pool.Id, key)) throw errors.usernameExists(existsMessage);
    const conflict = aliasConflict(state, ctx, pool, user);
    if (conflict) {
      const attr = conflict.slice(0, conflict.indexOf(":"));
      throw errors.usernameExists(attr === "email" ? "An account with the given email already exists." : attr === "phone_number" ? "An account with the given phone_number already exists." : existsMessage);
    }
    cs.insertUser.run(pool.Id, key, user.sub, user.UserCreateDate, JSON.stringify(user));
    syncAliases(state, ctx, pool, user);
  });
}

export function deleteUserRecord(state: CognitoState, ctx: RequestContext, pool: Pool, user: User): void {
  const cs = state.cs;
  const key = usernameKey(pool, user.Username);
  ctx.store.txn(() => {
    for (const row of cs.refreshOfUser.all(pool.Id, key)) cs.revokeJti.run(row.origin_jti, row.expires);
    cs.revokeUserRefresh.run(pool.Id, key);
    cs.deleteUser.run(pool.Id, key);
    cs.deleteAliasesOf.run(pool.Id, key);
    cs.deleteMembershipsOf.run(pool.Id, key);
  });
}

/** The user's attributes as a request context for triggers (`cognito:user_status` included, like AWS). */
export function triggerAttributes(user: User): Record<string, string> {
  return { ...user.Attributes, "cognito:user_status": user.UserStatus };
}

/**
 * Checks a code the user was sent for `purpose`; consumes it when it matches. Wrong codes are
 * counted: past five, the code is refused as AWS does (`Attempt limit exceeded`).
 */
export function useCode(state: CognitoState, ctx: RequestContext, pool: Pool, user: User, purpose: string, given: unknown): void {
  const pending = user.codes[purpose];
  if (typeof given !== "string" || !/^[\S]+$/.test(given)) throw errors.invalidParameter("1 validation error detected: Value null at 'confirmationCode' failed to satisfy constraint: Member must not be null");
  if (pending && (pending.attempts ?? 0) >= 5) throw errors.limitExceeded("Attempt limit exceeded, please try after some time.");
  if (!pending || !safeEqualText(pending.code, given)) {
    if (pending) {
      pending.attempts = (pending.attempts ?? 0) + 1;
      saveUser(state, pool, user, user.UserLastModifiedDate);
    }
    throw errors.codeMismatch("Invalid verification code provided, please try again.");
  }
  if (pending.expires <= ctx.clock.now()) throw errors.expiredCode("Invalid code provided, please request a code again.");
  delete user.codes[purpose];
}

/** ClientMetadata as a plain string map (null prototype). */
export function metadata(input: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (input && typeof input === "object") for (const [k, v] of Object.entries(input)) if (typeof v === "string") out[k] = v;
  return out;
}
