/** Inline role policies: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies. */
import type { DeleteRolePolicyRequest, GetRolePolicyRequest, GetRolePolicyResponse, ListRolePoliciesRequest, PutRolePolicyRequest } from "@aws-sdk/client-iam";
import { checkInlinePolicySize } from "../limits.js";
import { parsePolicy } from "../policy/document.js";
import { loadRole } from "../roles.js";
import { afterMarker, encodedDocument, iamOperation, noSuchEntity, page } from "../state.js";

function policyNotFound(name: string): Error {
  return noSuchEntity(`The role policy with name ${name} cannot be found.`);
}

export const putRolePolicy = iamOperation<PutRolePolicyRequest, Record<string, never>>({
  name: "PutRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    parsePolicy(input.PolicyDocument!, "identity");
    const others = state.sql.rolePolicies.all(ctx.accountId, role.RoleName, "", 1000).filter((r) => r.name.toLowerCase() !== input.PolicyName!.toLowerCase());
    checkInlinePolicySize(role.RoleName, input.PolicyDocument!, others.map((r) => r.document));
    state.sql.putRolePolicy.run(ctx.accountId, role.RoleName, input.PolicyName!, input.PolicyDocument!);
    return {};
  },
});

export const getRolePolicy = iamOperation<GetRolePolicyRequest, GetRolePolicyResponse>({
  name: "GetRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    const row = state.sql.rolePolicy.get(ctx.accountId, role.RoleName, input.PolicyName!);
    if (!row) throw policyNotFound(input.PolicyName!);
    return { RoleName: role.RoleName, PolicyName: row.name, PolicyDocument: encodedDocument(row.document) };
  },
});

export const deleteRolePolicy = iamOperation<DeleteRolePolicyRequest, Record<string, never>>({
  name: "DeleteRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    if (state.sql.deleteRolePolicy.run(ctx.accountId, role.RoleName, input.PolicyName!).changes === 0) throw policyNotFound(input.PolicyName!);
    return {};
  },
});

export const listRolePolicies = iamOperation<ListRolePoliciesRequest, { PolicyNames: string[]; IsTruncated: boolean; Marker?: string }>({
  name: "ListRolePolicies",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    const max = input.MaxItems ?? 100;
    const { items, ...rest } = page(state.sql.rolePolicies.all(ctx.accountId, role.RoleName, afterMarker(input.Marker), max + 1), max, (r) => r.name);
    return { PolicyNames: items.map((r) => r.name), ...rest };
  },
});
