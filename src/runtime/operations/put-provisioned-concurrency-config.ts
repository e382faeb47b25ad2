import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { startProvisioning } from "../provisioned.js";
import { type ProvisionedConcurrencyOutput } from "../provisioned-view.js";

export const putProvisionedConcurrencyConfig = lambdaOperation<{ FunctionName: string; Qualifier?: string; ProvisionedConcurrentExecutions?: number }, ProvisionedConcurrencyOutput>({
  name: "PutProvisionedConcurrencyConfig",
  handle(input, ctx, rt) {
    const n = input.ProvisionedConcurrentExecutions;
    if (n === undefined) throw validationErrors(["Value null at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null"]);
    if (n < 1) throw validationErrors([`Value '${n}' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1`]);
    if (!input.Qualifier) throw validationErrors(["Value null at 'qualifier' failed to satisfy constraint: Member must not be null"]);
    if (input.Qualifier === "$LATEST") throw lambdaErrors.invalidParameter("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const reserved = f.row.reserved;
    if (reserved !== null && n > reserved) {
      throw lambdaErrors.invalidParameter(`Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function`);
    }
    const now = ctx.clock.now();
    rt.stmts.putProvisioned.run(ctx.accountId, ctx.region, f.name, input.Qualifier, n, now);
    startProvisioning(rt, f, input.Qualifier, n);
    return {
      RequestedProvisionedConcurrentExecutions: n,
      AllocatedProvisionedConcurrentExecutions: 0,
      AvailableProvisionedConcurrentExecutions: 0,
      Status: "IN_PROGRESS",
      LastModified: lambdaTimestamp(now),
    };
  },
});
