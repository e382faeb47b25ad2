import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { provisionedStatus } from "../provisioned.js";
import { type ProvisionedConcurrencyOutput } from "../provisioned-view.js";

export const getProvisionedConcurrencyConfig = lambdaOperation<{ FunctionName: string; Qualifier?: string }, ProvisionedConcurrencyOutput>({
  name: "GetProvisionedConcurrencyConfig",
  handle(input, ctx, rt) {
    if (!input.Qualifier) throw validationErrors(["Value null at 'qualifier' failed to satisfy constraint: Member must not be null"]);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const row = rt.stmts.getProvisioned.get(ctx.accountId, ctx.region, f.name, input.Qualifier);
    if (!row) throw lambdaErrors.provisionedNotFound("No Provisioned Concurrency Config found for this function");
    const s = provisionedStatus(rt, f, row.requested);
    return {
      RequestedProvisionedConcurrentExecutions: row.requested,
      AllocatedProvisionedConcurrentExecutions: s.allocated,
      AvailableProvisionedConcurrentExecutions: s.allocated,
      Status: s.status,
      ...(s.reason ? { StatusReason: s.reason } : {}),
      LastModified: lambdaTimestamp(row.modified_at),
    };
  },
});
