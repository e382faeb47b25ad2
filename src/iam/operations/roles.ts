/** CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy. */
import type {
  CreateRoleRequest,
  DeleteRolePermissionsBoundaryRequest,
  DeleteRoleRequest,
  GetRoleRequest,
  ListRolesRequest,
  PutRolePermissionsBoundaryRequest,
  Role,
  UpdateAssumeRolePolicyRequest,
} from "@aws-sdk/client-iam";
import { checkTrustPolicySize } from "../limits.js";
import { parsePolicy } from "../policy/document.js";
import { findRole, loadRole, saveRole, wireRole, type StoredRole } from "../roles.js";
import { afterMarker, alreadyExists, deleteConflict, iamId, iamOperation, noSuchEntity, page } from "../state.js";

export const createRole = iamOperation<CreateRoleRequest, { Role: Role }>({
  name: "CreateRole",
  handle(input, ctx, state) {
    parsePolicy(input.AssumeRolePolicyDocument!, "trust");
    checkTrustPolicySize(input.AssumeRolePolicyDocument!);
    if (findRole(state, ctx.accountId, input.RoleName!)) throw alreadyExists(`Role with name ${input.RoleName} already exists.`);
    const path = input.Path ?? "/";
    const role: StoredRole = {
      Path: path,
      RoleName: input.RoleName!,
      RoleId: iamId("AROA"),
      Arn: `arn:aws:iam::${ctx.accountId}:role${path}${input.RoleName}`,
      CreateDate: ctx.clock.now(),
      AssumeRolePolicyDocument: input.AssumeRolePolicyDocument!,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      MaxSessionDuration: input.MaxSessionDuration ?? 3600,
      ...(input.PermissionsBoundary ? { PermissionsBoundary: input.PermissionsBoundary } : {}),
      ...(input.Tags?.length ? { Tags: input.Tags } : {}),
    };
    saveRole(state, ctx.accountId, role);
    return { Role: wireRole(role) };
  },
});

export const getRole = iamOperation<GetRoleRequest, { Role: Role }>({
  name: "GetRole",
  handle(input, ctx, state) {
    return { Role: wireRole(loadRole(ctx, state, input.RoleName!)) };
  },
});

export const listRoles = iamOperation<ListRolesRequest, { Roles: Role[]; IsTruncated: boolean; Marker?: string }>({
  name: "ListRoles",
  handle(input, ctx, state) {
    const max = input.MaxItems ?? 100;
    const prefix = input.PathPrefix ?? "/";
    // Filtered by path after reading: a page may hold fewer than MaxItems, as IAM's may.
    const rows = state.sql.roles.all(ctx.accountId, afterMarker(input.Marker), max + 1).map((r) => JSON.parse(r.meta) as StoredRole);
    const { items, ...rest } = page(rows, max, (r) => r.RoleName);
    return { Roles: items.filter((r) => r.Path.startsWith(prefix)).map(wireRole), ...rest };
  },
});

export const deleteRole = iamOperation<DeleteRoleRequest, Record<string, never>>({
  name: "DeleteRole",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    if (state.sql.rolePolicies.all(ctx.accountId, role.RoleName, "", 1).length > 0) throw deleteConflict("Cannot delete entity, must delete policies first.");
    if (state.sql.attached.all(ctx.accountId, role.RoleName, "", 1).length > 0) throw deleteConflict("Cannot delete entity, must detach all policies first.");
    state.sql.deleteRole.run(ctx.accountId, role.RoleName);
    return {};
  },
});

export const updateAssumeRolePolicy = iamOperation<UpdateAssumeRolePolicyRequest, Record<string, never>>({
  name: "UpdateAssumeRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    parsePolicy(input.PolicyDocument!, "trust");
    checkTrustPolicySize(input.PolicyDocument!);
    saveRole(state, ctx.accountId, { ...role, AssumeRolePolicyDocument: input.PolicyDocument! });
    return {};
  },
});

export const putRolePermissionsBoundary = iamOperation<PutRolePermissionsBoundaryRequest, Record<string, never>>({
  name: "PutRolePermissionsBoundary",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    const arn = input.PermissionsBoundary!;
    if (!/^arn:aws[a-z-]*:iam::aws:policy\//.test(arn) && !state.sql.policy.get(arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
    saveRole(state, ctx.accountId, { ...role, PermissionsBoundary: arn });
    return {};
  },
});

export const deleteRolePermissionsBoundary = iamOperation<DeleteRolePermissionsBoundaryRequest, Record<string, never>>({
  name: "DeleteRolePermissionsBoundary",
  handle(input, ctx, state) {
    const { PermissionsBoundary: _b, ...role } = loadRole(ctx, state, input.RoleName!);
    saveRole(state, ctx.accountId, role);
    return {};
  },
});
