import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";

export const deleteAlias = defineOperation<{ FunctionName: string; Name: string }, Record<string, never>>({
  name: "DeleteAlias",
  http: { method: "DELETE", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}", status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName);
    rt.stmts.deleteAlias.run(ctx.accountId, ctx.region, f.name, input.Name);
    return {};
  },
});
