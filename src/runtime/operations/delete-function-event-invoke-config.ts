import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { type InvokeConfigInput } from "../event-invoke-configs.js";

export const deleteFunctionEventInvokeConfig = lambdaOperation<InvokeConfigInput, Record<string, never>>({
  name: "DeleteFunctionEventInvokeConfig",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const q = f.qualifier ?? "$LATEST";
    if (!rt.stmts.getInvokeConfig.get(ctx.accountId, ctx.region, f.name, q)) {
      throw lambdaErrors.resourceNotFound(`The function ${f.unqualifiedArn}:${q} doesn't have an EventInvokeConfig`);
    }
    rt.stmts.deleteInvokeConfig.run(ctx.accountId, ctx.region, f.name, q);
    return {};
  },
});
