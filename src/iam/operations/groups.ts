/**
 * Groups: CreateGroup, GetGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup,
 * ListGroupsForUser, inline group policies (Put/Get/Delete/ListGroupPolicies) and attached managed
 * policies (Attach/Detach/ListAttachedGroupPolicies). A user's groups' policies are part of the
 * user's identity-based policies under --enforce-iam.
 */
import type {
  AddUserToGroupRequest,
  AttachedPolicy,
  AttachGroupPolicyRequest,
  CreateGroupRequest,
  DeleteGroupPolicyRequest,
  DeleteGroupRequest,
  DetachGroupPolicyRequest,
  GetGroupPolicyRequest,
  GetGroupPolicyResponse,
  GetGroupRequest,
  Group,
  ListAttachedGroupPoliciesRequest,
  ListGroupPoliciesRequest,
  ListGroupsForUserRequest,
  PutGroupPolicyRequest,
  RemoveUserFromGroupRequest,
  User,
} from "@aws-sdk/client-iam";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { policySize } from "../limits.js";
import { loadPolicy } from "../policies.js";
import { parsePolicy } from "../policy/document.js";
import { alreadyExists, deleteConflict, encodedDocument, iamId, iamOperation, noSuchEntity, type IamState } from "../state.js";

interface StoredGroup {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: number;
}

/** A group's inline policies together: at most 5,120 characters (whitespace not counted), as IAM counts. */
const GROUP_INLINE_MAX = 5120;
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?[\w+=,.@-]+$/;

function wireGroup(g: StoredGroup): Group {
  return { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: new Date(g.CreateDate) };
}

function loadGroup(ctx: RequestContext, state: IamState, name: string): StoredGroup {
  const row = state.sql.group.get(ctx.accountId, name);
  if (!row) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return JSON.parse(row.meta) as StoredGroup;
}

function loadUser(ctx: RequestContext, state: IamState, name: string): User & { CreateDate: number } {
  const row = state.sql.user.get(ctx.accountId, name);
  if (!row) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return JSON.parse(row.meta) as User & { CreateDate: number };
}

export const createGroup = iamOperation<CreateGroupRequest, { Group: Group }>({
  name: "CreateGroup",
  handle(input, ctx, state) {
    if (state.sql.group.get(ctx.accountId, input.GroupName!)) throw alreadyExists(`Group with name ${input.GroupName} already exists.`);
    const path = input.Path ?? "/";
    const group: StoredGroup = { Path: path, GroupName: input.GroupName!, GroupId: iamId("AGPA"), Arn: `arn:aws:iam::${ctx.accountId}:group${path}${input.GroupName}`, CreateDate: ctx.clock.now() };
    state.sql.putGroup.run(ctx.accountId, group.GroupName, JSON.stringify(group));
    return { Group: wireGroup(group) };
  },
});

export const getGroup = iamOperation<GetGroupRequest, { Group: Group; Users: User[]; IsTruncated: boolean }>({
  name: "GetGroup",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const users = state.sql.members.all(ctx.accountId, group.GroupName).map((m) => {
      const u = loadUser(ctx, state, m.user);
      return { Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: new Date(u.CreateDate) };
    });
    return { Group: wireGroup(group), Users: users, IsTruncated: false };
  },
});

export const deleteGroup = iamOperation<DeleteGroupRequest, Record<string, never>>({
  name: "DeleteGroup",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    if (state.sql.members.all(ctx.accountId, group.GroupName).length > 0) throw deleteConflict("Cannot delete entity, must remove users from group first.");
    if (state.sql.groupPolicies.all(ctx.accountId, group.GroupName).length > 0 || state.sql.groupAttached.all(ctx.accountId, group.GroupName).length > 0) {
      throw deleteConflict("Cannot delete entity, must delete policies first.");
    }
    state.sql.deleteGroup.run(ctx.accountId, group.GroupName);
    return {};
  },
});

export const addUserToGroup = iamOperation<AddUserToGroupRequest, Record<string, never>>({
  name: "AddUserToGroup",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const user = loadUser(ctx, state, input.UserName!);
    state.sql.addMember.run(ctx.accountId, group.GroupName, user.UserName);
    return {};
  },
});

export const removeUserFromGroup = iamOperation<RemoveUserFromGroupRequest, Record<string, never>>({
  name: "RemoveUserFromGroup",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const user = loadUser(ctx, state, input.UserName!);
    if (state.sql.removeMember.run(ctx.accountId, group.GroupName, user.UserName).changes === 0) {
      throw noSuchEntity(`The user with name ${user.UserName} cannot be found in group ${group.GroupName}.`);
    }
    return {};
  },
});

export const listGroupsForUser = iamOperation<ListGroupsForUserRequest, { Groups: Group[]; IsTruncated: boolean }>({
  name: "ListGroupsForUser",
  handle(input, ctx, state) {
    const user = loadUser(ctx, state, input.UserName!);
    return { Groups: state.sql.groupsOf.all(ctx.accountId, user.UserName!).map((g) => wireGroup(loadGroup(ctx, state, g.grp))), IsTruncated: false };
  },
});

function groupPolicyNotFound(name: string): Error {
  return noSuchEntity(`The group policy with name ${name} cannot be found.`);
}

export const putGroupPolicy = iamOperation<PutGroupPolicyRequest, Record<string, never>>({
  name: "PutGroupPolicy",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    parsePolicy(input.PolicyDocument!, "identity");
    const others = state.sql.groupPolicies.all(ctx.accountId, group.GroupName).filter((r) => r.name.toLowerCase() !== input.PolicyName!.toLowerCase());
    const total = others.reduce((n, r) => n + policySize(r.document), policySize(input.PolicyDocument!));
    if (total > GROUP_INLINE_MAX) throw new AwsError("LimitExceeded", `Maximum policy size of ${GROUP_INLINE_MAX} bytes exceeded for group ${group.GroupName}`, { status: 409 });
    state.sql.putGroupPolicy.run(ctx.accountId, group.GroupName, input.PolicyName!, input.PolicyDocument!);
    return {};
  },
});

export const getGroupPolicy = iamOperation<GetGroupPolicyRequest, GetGroupPolicyResponse>({
  name: "GetGroupPolicy",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const row = state.sql.groupPolicy.get(ctx.accountId, group.GroupName, input.PolicyName!);
    if (!row) throw groupPolicyNotFound(input.PolicyName!);
    return { GroupName: group.GroupName, PolicyName: row.name, PolicyDocument: encodedDocument(row.document) };
  },
});

export const deleteGroupPolicy = iamOperation<DeleteGroupPolicyRequest, Record<string, never>>({
  name: "DeleteGroupPolicy",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    if (state.sql.deleteGroupPolicy.run(ctx.accountId, group.GroupName, input.PolicyName!).changes === 0) throw groupPolicyNotFound(input.PolicyName!);
    return {};
  },
});

export const listGroupPolicies = iamOperation<ListGroupPoliciesRequest, { PolicyNames: string[]; IsTruncated: boolean }>({
  name: "ListGroupPolicies",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    return { PolicyNames: state.sql.groupPolicies.all(ctx.accountId, group.GroupName).map((r) => r.name), IsTruncated: false };
  },
});

export const attachGroupPolicy = iamOperation<AttachGroupPolicyRequest, Record<string, never>>({
  name: "AttachGroupPolicy",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const arn = input.PolicyArn!;
    if (!arn.startsWith("arn:")) throw new AwsError("InvalidInput", `ARN ${arn} is not valid.`);
    // AWS managed policies are accepted by name (their documents are not vendored).
    if (!AWS_MANAGED.test(arn)) loadPolicy(state, arn);
    state.sql.attachGroup.run(ctx.accountId, group.GroupName, arn);
    return {};
  },
});

export const detachGroupPolicy = iamOperation<DetachGroupPolicyRequest, Record<string, never>>({
  name: "DetachGroupPolicy",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    if (state.sql.detachGroup.run(ctx.accountId, group.GroupName, input.PolicyArn!).changes === 0) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
    return {};
  },
});

export const listAttachedGroupPolicies = iamOperation<ListAttachedGroupPoliciesRequest, { AttachedPolicies: AttachedPolicy[]; IsTruncated: boolean }>({
  name: "ListAttachedGroupPolicies",
  handle(input, ctx, state) {
    const group = loadGroup(ctx, state, input.GroupName!);
    const attached = state.sql.groupAttached.all(ctx.accountId, group.GroupName);
    return { AttachedPolicies: attached.map((r) => ({ PolicyName: r.policy.slice(r.policy.lastIndexOf("/") + 1), PolicyArn: r.policy })), IsTruncated: false };
  },
});
