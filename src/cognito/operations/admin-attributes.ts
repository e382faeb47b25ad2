/** AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminUserGlobalSignOut, ListUsers. */
import { parseFilter } from "../attributes.js";
import { errors } from "../errors.js";
import { loadPool, parse, requireUser, type Json, type User } from "../model.js";
import { signOutEverywhere } from "../tokens.js";
import { deleteAttributes, updateAttributes, userType } from "../user-views.js";
import { metadata } from "../users.js";
import { cognitoOperation } from "../state.js";

export const adminUpdateUserAttributes = cognitoOperation<Json, Record<string, never>>({
  name: "AdminUpdateUserAttributes",
  async handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    await updateAttributes(state, ctx, pool, user, input.UserAttributes, undefined, metadata(input.ClientMetadata));
    return {};
  },
});

export const adminDeleteUserAttributes = cognitoOperation<Json, Record<string, never>>({
  name: "AdminDeleteUserAttributes",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    deleteAttributes(state, ctx, pool, requireUser(state, pool, input.Username), input.UserAttributeNames, undefined);
    return {};
  },
});

export const adminUserGlobalSignOut = cognitoOperation<Json, Record<string, never>>({
  name: "AdminUserGlobalSignOut",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    signOutEverywhere(state, ctx, pool, requireUser(state, pool, input.Username));
    return {};
  },
});

function matches(user: User, filter: { name: string; prefix: boolean; value: string }): boolean {
  let actual: string | undefined;
  if (filter.name === "username") actual = user.Username;
  else if (filter.name === "cognito:user_status") actual = user.UserStatus;
  else if (filter.name === "status") actual = user.Enabled ? "Enabled" : "Disabled";
  else actual = user.Attributes[filter.name];
  if (actual === undefined) return false;
  if (filter.name === "username" || filter.name === "email" || filter.name === "preferred_username") {
    return filter.prefix ? actual.toLowerCase().startsWith(filter.value.toLowerCase()) : actual.toLowerCase() === filter.value.toLowerCase();
  }
  return filter.prefix ? actual.startsWith(filter.value) : actual === filter.value;
}

export const listUsers = cognitoOperation<Json, Json>({
  name: "ListUsers",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const limit = input.Limit === undefined ? 60 : input.Limit;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0 || limit > 60) {
      throw errors.invalidParameter(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`);
    }
    const filter = typeof input.Filter === "string" ? parseFilter(input.Filter) : undefined;
    const toGet = Array.isArray(input.AttributesToGet) ? (input.AttributesToGet as string[]) : undefined;
    let after = "";
    if (typeof input.PaginationToken === "string") {
      after = Buffer.from(input.PaginationToken, "base64url").toString("utf8");
      if (!after) throw errors.invalidParameter("Invalid pagination token.");
    }
    const users: Json[] = [];
    let last = "";
    let more = false;
    const max = limit === 0 ? 60 : limit;
    for (const row of state.cs.usersOf.iterate(pool.Id, after)) {
      const user = parse<User>(row.data);
      if (filter && !matches(user, filter)) continue;
      if (users.length === max) {
        more = true;
        break;
      }
      users.push(userType(user, toGet));
      last = row.username_key;
    }
    const out: Json = { Users: users };
    if (more) out.PaginationToken = Buffer.from(last).toString("base64url");
    return out;
  },
});
