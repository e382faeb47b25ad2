import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { MIN_UNRESERVED } from "../concurrency-rules.js";

export const putFunctionConcurrency = lambdaOperation<{ FunctionName: string; ReservedConcurrentExecutions?: number }, { ReservedConcurrentExecutions: number }>({
  name: "PutFunctionConcurrency",
  handle(input, ctx, rt) {
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
