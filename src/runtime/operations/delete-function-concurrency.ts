import { lambdaOperation } from "../state.js";

export const deleteFunctionConcurrency = lambdaOperation<{ FunctionName: string }, Record<string, never>>({
  name: "DeleteFunctionConcurrency",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    rt.stmts.setReserved.run(null, ctx.accountId, ctx.region, f.name);
    return {};
  },
});
