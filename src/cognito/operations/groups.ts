/** CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup. */
import { errors } from "../errors.js";
import { loadPool, parse, requireUser, seconds, usernameKey, type Group, type Json, type Pool, type User } from "../model.js";
import { userType } from "../user-views.js";
import type { RequestContext } from "../../core/context.js";
import { cognitoOperation, type CognitoState } from "../state.js";

function view(g: Group): Json {
  return { ...g, CreationDate: seconds(g.CreationDate), LastModifiedDate: seconds(g.LastModifiedDate) };
}

function groupName(input: Json): string {
  const name = input.GroupName;
  if (typeof name !== "string" || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(name)) {
    throw errors.invalidParameter("1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null");
  }
  return name;
}

function loadGroup(state: CognitoState, ctx: RequestContext, pool: Pool, name: string): Group {
  const row = state.cs.groupByName.get(pool.Id, name);
  if (!row) throw errors.resourceNotFound("Group not found.");
  return parse<Group>(row.data);
}

function checkFields(input: Json): void {
  if (input.Precedence !== undefined && (typeof input.Precedence !== "number" || !Number.isInteger(input.Precedence) || input.Precedence < 0)) {
    throw errors.invalidParameter(`1 validation error detected: Value '${String(input.Precedence)}' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  }
  if (input.RoleArn !== undefined && (typeof input.RoleArn !== "string" || !/^arn:[\w+=/,.@-]+:iam::\d{12}:role\/.+$/.test(input.RoleArn))) {
    throw errors.invalidParameter(`1 validation error detected: Value '${String(input.RoleArn)}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?`);
  }
}

export const createGroup = cognitoOperation<Json, Json>({
  name: "CreateGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const name = groupName(input);
    checkFields(input);
    const now = ctx.clock.now();
    const group: Group = { GroupName: name, UserPoolId: pool.Id, CreationDate: now, LastModifiedDate: now };
    if (typeof input.Description === "string") group.Description = input.Description;
    if (typeof input.RoleArn === "string") group.RoleArn = input.RoleArn;
    if (typeof input.Precedence === "number") group.Precedence = input.Precedence;
    const cs = state.cs;
    if (cs.groupByName.get(pool.Id, name)) throw errors.groupExists("A group with the name already exists.");
    cs.insertGroup.run(pool.Id, name, JSON.stringify(group));
    return { Group: view(group) };
  },
});

export const getGroup = cognitoOperation<Json, Json>({
  name: "GetGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    return { Group: view(loadGroup(state, ctx, pool, groupName(input))) };
  },
});

export const updateGroup = cognitoOperation<Json, Json>({
  name: "UpdateGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const group = loadGroup(state, ctx, pool, groupName(input));
    checkFields(input);
    if (typeof input.Description === "string") group.Description = input.Description;
    if (typeof input.RoleArn === "string") group.RoleArn = input.RoleArn;
    if (typeof input.Precedence === "number") group.Precedence = input.Precedence;
    group.LastModifiedDate = ctx.clock.now();
    state.cs.updateGroup.run(JSON.stringify(group), pool.Id, group.GroupName);
    return { Group: view(group) };
  },
});

export const deleteGroup = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const group = loadGroup(state, ctx, pool, groupName(input));
    const cs = state.cs;
    ctx.store.txn(() => {
      cs.deleteGroup.run(pool.Id, group.GroupName);
      cs.deleteGroupMembers.run(pool.Id, group.GroupName);
    });
    return {};
  },
});

function pageArgs(input: Json, tokenKey: string): { after: string; limit: number } {
  const limit = input.Limit === undefined ? 60 : input.Limit;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 60) throw errors.invalidParameter(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`);
  const token = input[tokenKey];
  return { after: typeof token === "string" ? Buffer.from(token, "base64url").toString("utf8") : "", limit };
}

export const listGroups = cognitoOperation<Json, Json>({
  name: "ListGroups",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const { after, limit } = pageArgs(input, "NextToken");
    const rows = state.cs.groupsOf.all(pool.Id, after, limit + 1);
    const out: Json = { Groups: rows.slice(0, limit).map((r) => view(parse<Group>(r.data))) };
    if (rows.length > limit) out.NextToken = Buffer.from(rows[limit - 1]!.name).toString("base64url");
    return out;
  },
});

export const adminAddUserToGroup = cognitoOperation<Json, Record<string, never>>({
  name: "AdminAddUserToGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const group = loadGroup(state, ctx, pool, groupName(input));
    const user = requireUser(state, pool, input.Username);
    state.cs.addMember.run(pool.Id, group.GroupName, usernameKey(pool, user.Username));
    return {};
  },
});

export const adminRemoveUserFromGroup = cognitoOperation<Json, Record<string, never>>({
  name: "AdminRemoveUserFromGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const group = loadGroup(state, ctx, pool, groupName(input));
    const user = requireUser(state, pool, input.Username);
    state.cs.removeMember.run(pool.Id, group.GroupName, usernameKey(pool, user.Username));
    return {};
  },
});

export const adminListGroupsForUser = cognitoOperation<Json, Json>({
  name: "AdminListGroupsForUser",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const user = requireUser(state, pool, input.Username);
    const { after, limit } = pageArgs(input, "NextToken");
    const all = state.cs.groupsOfUser.all(pool.Id, usernameKey(pool, user.Username)).filter((r) => r.name > after);
    const out: Json = { Groups: all.slice(0, limit).map((r) => view(parse<Group>(r.data))) };
    if (all.length > limit) out.NextToken = Buffer.from(all[limit - 1]!.name).toString("base64url");
    return out;
  },
});

export const listUsersInGroup = cognitoOperation<Json, Json>({
  name: "ListUsersInGroup",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const group = loadGroup(state, ctx, pool, groupName(input));
    const { after, limit } = pageArgs(input, "NextToken");
    const cs = state.cs;
    const rows = cs.membersOf.all(pool.Id, group.GroupName, after, limit + 1);
    const users = rows.slice(0, limit).flatMap((r) => {
      const u = cs.userByKey.get(pool.Id, r.username_key);
      return u ? [userType(parse<User>(u.data))] : [];
    });
    const out: Json = { Users: users };
    if (rows.length > limit) out.NextToken = Buffer.from(rows[limit - 1]!.username_key).toString("base64url");
    return out;
  },
});
