import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { type Statement } from "../policy.js";

export const getPolicy = lambdaOperation<{ FunctionName: string; Qualifier?: string }, { Policy: string; RevisionId: string }>({
  name: "GetPolicy",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const policy = (JSON.parse(f.row.policy) as Statement[]).filter((s) => s.Resource === f.invokedArn);
    if (policy.length === 0) throw lambdaErrors.resourceNotFound("The resource you requested does not exist.");
    return { Policy: JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: policy }), RevisionId: f.config.RevisionId ?? "" };
  },
});
