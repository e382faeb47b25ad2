import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";

export const deleteFunctionConcurrency = defineOperation<{ FunctionName: string }, Record<string, never>>({
  name: "DeleteFunctionConcurrency",
  http: { method: "DELETE", path: "/2017-10-31/functions/{FunctionName}/concurrency", status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName);
    rt.stmts.setReserved.run(null, ctx.accountId, ctx.region, f.name);
    return {};
  },
});
