/** AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies. */
import type { AttachedPolicy, AttachRolePolicyRequest, DetachRolePolicyRequest, ListAttachedRolePoliciesRequest } from "@aws-sdk/client-iam";
import { AwsError } from "../../core/errors.js";
import { loadPolicy } from "../policies.js";
import { loadRole } from "../roles.js";
import { afterMarker, iamOperation, noSuchEntity, page } from "../state.js";

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/;

function policyNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

export const attachRolePolicy = iamOperation<AttachRolePolicyRequest, Record<string, never>>({
  name: "AttachRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    const arn = input.PolicyArn!;
    if (!arn.startsWith("arn:")) throw new AwsError("InvalidInput", `ARN ${arn} is not valid.`);
    // AWS managed policies are accepted by name (their documents are not vendored).
    if (!AWS_MANAGED.test(arn)) loadPolicy(state, arn);
    state.sql.attach.run(ctx.accountId, role.RoleName, arn);
    return {};
  },
});

export const detachRolePolicy = iamOperation<DetachRolePolicyRequest, Record<string, never>>({
  name: "DetachRolePolicy",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    if (state.sql.detach.run(ctx.accountId, role.RoleName, input.PolicyArn!).changes === 0) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
    return {};
  },
});

export const listAttachedRolePolicies = iamOperation<ListAttachedRolePoliciesRequest, { AttachedPolicies: AttachedPolicy[]; IsTruncated: boolean; Marker?: string }>({
  name: "ListAttachedRolePolicies",
  handle(input, ctx, state) {
    const role = loadRole(ctx, state, input.RoleName!);
    const max = input.MaxItems ?? 100;
    const { items, ...rest } = page(state.sql.attached.all(ctx.accountId, role.RoleName, afterMarker(input.Marker), max + 1), max, (r) => r.policy);
    return { AttachedPolicies: items.map((r) => ({ PolicyName: policyNameOf(r.policy), PolicyArn: r.policy })), ...rest };
  },
});
