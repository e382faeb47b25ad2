import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";

export const getFunctionConcurrency = defineOperation<{ FunctionName: string }, { ReservedConcurrentExecutions?: number }>({
  name: "GetFunctionConcurrency",
  http: { method: "GET", path: "/2019-09-30/functions/{FunctionName}/concurrency" },
  handle(input, ctx) {
    const f = runtimeOf(ctx).resolve(ctx, input.FunctionName);
    return f.row.reserved === null ? {} : { ReservedConcurrentExecutions: f.row.reserved };
  },
});
