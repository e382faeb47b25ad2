import { lambdaOperation } from "../state.js";

export const getAccountSettings = lambdaOperation<Record<string, never>, Record<string, unknown>>({
  name: "GetAccountSettings",
  handle(_input, ctx, rt) {
    const reserved = rt.stmts.sumReserved.get(ctx.accountId, ctx.region, "")?.total ?? 0;
    const count = rt.stmts.listLatest.all(ctx.accountId, ctx.region, "", 1_000_000).length;
    const codeSize = rt.stmts.codeSizeTotal.get(ctx.accountId, ctx.region)?.total ?? 0;
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: rt.settings.accountConcurrency,
        UnreservedConcurrentExecutions: rt.settings.accountConcurrency - reserved,
      },
      AccountUsage: { TotalCodeSize: codeSize, FunctionCount: count },
    };
  },
});
