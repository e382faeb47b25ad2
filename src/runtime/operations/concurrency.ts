import { defineOperation } from "../../core/service.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { runtimeOf } from "../runtime.js";

/** AWS keeps at least 100 of the account's concurrency unreserved. */
const MIN_UNRESERVED = 100;

export const putFunctionConcurrency = defineOperation<{ FunctionName: string; ReservedConcurrentExecutions?: number }, { ReservedConcurrentExecutions: number }>({
  name: "PutFunctionConcurrency",
  http: { method: "PUT", path: "/2017-10-31/functions/{FunctionName}/concurrency" },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const n = input.ReservedConcurrentExecutions;
    if (n === undefined || n === null) throw validationErrors(["Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null"]);
    if (n < 0) throw validationErrors([`Value '${n}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`]);
    const f = rt.resolve(ctx, input.FunctionName);
    if (f.qualifier !== undefined) throw lambdaErrors.invalidParameter("Reserved concurrency cannot be set on a qualified function.");
    const others = rt.stmts.sumReserved.get(ctx.accountId, ctx.region, f.name)?.total ?? 0;
    const limit = rt.settings.accountConcurrency;
    if (others + n > limit - MIN_UNRESERVED) {
      throw lambdaErrors.invalidParameter(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
      );
    }
    rt.stmts.setReserved.run(n, ctx.accountId, ctx.region, f.name);
    return { ReservedConcurrentExecutions: n };
  },
});

export const getFunctionConcurrency = defineOperation<{ FunctionName: string }, { ReservedConcurrentExecutions?: number }>({
  name: "GetFunctionConcurrency",
  http: { method: "GET", path: "/2019-09-30/functions/{FunctionName}/concurrency" },
  handle(input, ctx) {
    const f = runtimeOf(ctx).resolve(ctx, input.FunctionName);
    return f.row.reserved === null ? {} : { ReservedConcurrentExecutions: f.row.reserved };
  },
});

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

export const getAccountSettings = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: "GetAccountSettings",
  http: { method: "GET", path: "/2016-08-19/account-settings/" },
  handle(_input, ctx) {
    const rt = runtimeOf(ctx);
    const reserved = rt.stmts.sumReserved.get(ctx.accountId, ctx.region, "")?.total ?? 0;
    const count = rt.stmts.listLatest.all(ctx.accountId, ctx.region, "", 1_000_000).length;
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: rt.settings.accountConcurrency,
        UnreservedConcurrentExecutions: rt.settings.accountConcurrency - reserved,
      },
      AccountUsage: { TotalCodeSize: 0, FunctionCount: count },
    };
  },
});
