import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { startProvisioning } from "../provisioned.js";

export const deleteProvisionedConcurrencyConfig = lambdaOperation<{ FunctionName: string; Qualifier?: string }, Record<string, never>>({
  name: "DeleteProvisionedConcurrencyConfig",
  handle(input, ctx, rt) {
    if (!input.Qualifier) throw validationErrors(["Value null at 'qualifier' failed to satisfy constraint: Member must not be null"]);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    if (!rt.stmts.getProvisioned.get(ctx.accountId, ctx.region, f.name, input.Qualifier)) {
      throw lambdaErrors.provisionedNotFound("No Provisioned Concurrency Config found for this function");
    }
    rt.stmts.deleteProvisioned.run(ctx.accountId, ctx.region, f.name, input.Qualifier);
    startProvisioning(rt, f, input.Qualifier, 0);
    return {};
  },
});
