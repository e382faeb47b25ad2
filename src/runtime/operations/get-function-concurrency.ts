import { lambdaOperation } from "../state.js";

export const getFunctionConcurrency = lambdaOperation<{ FunctionName: string }, { ReservedConcurrentExecutions?: number }>({
  name: "GetFunctionConcurrency",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    return f.row.reserved === null ? {} : { ReservedConcurrentExecutions: f.row.reserved };
  },
});
