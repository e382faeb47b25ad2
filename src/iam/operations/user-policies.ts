/** Inline user policies: PutUserPolicy, GetUserPolicy, DeleteUserPolicy, ListUserPolicies. */
import type { DeleteUserPolicyRequest, GetUserPolicyRequest, GetUserPolicyResponse, ListUserPoliciesRequest, PutUserPolicyRequest } from "@aws-sdk/client-iam";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { policySize } from "../limits.js";
import { parsePolicy } from "../policy/document.js";
import { encodedDocument, iamOperation, noSuchEntity, type IamState } from "../state.js";

/** A user's inline policies together: at most 2,048 characters (whitespace not counted), as IAM counts. */
const USER_INLINE_MAX = 2048;

function userName(ctx: RequestContext, state: IamState, name: string): string {
  const row = state.sql.user.get(ctx.accountId, name);
  if (!row) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return (JSON.parse(row.meta) as { UserName: string }).UserName;
}

function policyNotFound(name: string): Error {
  return noSuchEntity(`The user policy with name ${name} cannot be found.`);
}

export const putUserPolicy = iamOperation<PutUserPolicyRequest, Record<string, never>>({
  name: "PutUserPolicy",
  handle(input, ctx, state) {
    const user = userName(ctx, state, input.UserName!);
    parsePolicy(input.PolicyDocument!, "identity");
    const others = state.sql.userPolicies.all(ctx.accountId, user).filter((r) => r.name.toLowerCase() !== input.PolicyName!.toLowerCase());
    const total = others.reduce((n, r) => n + policySize(r.document), policySize(input.PolicyDocument!));
    if (total > USER_INLINE_MAX) throw new AwsError("LimitExceeded", `Maximum policy size of ${USER_INLINE_MAX} bytes exceeded for user ${user}`, { status: 409 });
    state.sql.putUserPolicy.run(ctx.accountId, user, input.PolicyName!, input.PolicyDocument!);
    return {};
  },
});

export const getUserPolicy = iamOperation<GetUserPolicyRequest, GetUserPolicyResponse>({
  name: "GetUserPolicy",
  handle(input, ctx, state) {
    const user = userName(ctx, state, input.UserName!);
    const row = state.sql.userPolicy.get(ctx.accountId, user, input.PolicyName!);
    if (!row) throw policyNotFound(input.PolicyName!);
    return { UserName: user, PolicyName: row.name, PolicyDocument: encodedDocument(row.document) };
  },
});

export const deleteUserPolicy = iamOperation<DeleteUserPolicyRequest, Record<string, never>>({
  name: "DeleteUserPolicy",
  handle(input, ctx, state) {
    const user = userName(ctx, state, input.UserName!);
    if (state.sql.deleteUserPolicy.run(ctx.accountId, user, input.PolicyName!).changes === 0) throw policyNotFound(input.PolicyName!);
    return {};
  },
});

export const listUserPolicies = iamOperation<ListUserPoliciesRequest, { PolicyNames: string[]; IsTruncated: boolean }>({
  name: "ListUserPolicies",
  handle(input, ctx, state) {
    const user = userName(ctx, state, input.UserName!);
    return { PolicyNames: state.sql.userPolicies.all(ctx.accountId, user).map((r) => r.name), IsTruncated: false };
  },
});
