import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { type Statement } from "../policy.js";

export const removePermission = lambdaOperation<{ FunctionName: string; StatementId: string; Qualifier?: string; RevisionId?: string }, Record<string, never>>({
  name: "RemovePermission",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const policy = JSON.parse(f.row.policy) as Statement[];
    if (!policy.some((s) => s.Sid === input.StatementId)) throw lambdaErrors.resourceNotFound("Statement sid is not found in resource policy.");
    rt.stmts.setPolicy.run(JSON.stringify(policy.filter((s) => s.Sid !== input.StatementId)), ctx.accountId, ctx.region, f.name);
    return {};
  },
});
