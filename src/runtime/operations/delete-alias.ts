import { lambdaOperation } from "../state.js";

export const deleteAlias = lambdaOperation<{ FunctionName: string; Name: string }, Record<string, never>>({
  name: "DeleteAlias",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    rt.stmts.deleteAlias.run(ctx.accountId, ctx.region, f.name, input.Name);
    return {};
  },
});
