import { defineOperation } from "../../core/service.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { provisionedStatus, startProvisioning } from "../provisioned.js";
import { runtimeOf } from "../runtime.js";

interface Output {
  RequestedProvisionedConcurrentExecutions?: number;
  AvailableProvisionedConcurrentExecutions?: number;
  AllocatedProvisionedConcurrentExecutions?: number;
  Status?: string;
  StatusReason?: string;
  LastModified?: string;
}

export const putProvisionedConcurrencyConfig = defineOperation<{ FunctionName: string; Qualifier?: string; ProvisionedConcurrentExecutions?: number }, Output>({
  name: "PutProvisionedConcurrencyConfig",
  http: { method: "PUT", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", query: { Qualifier: "Qualifier" }, status: 202 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
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

export const getProvisionedConcurrencyConfig = defineOperation<{ FunctionName: string; Qualifier?: string }, Output>({
  name: "GetProvisionedConcurrencyConfig",
  http: { method: "GET", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", query: { Qualifier: "Qualifier" } },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
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

export const deleteProvisionedConcurrencyConfig = defineOperation<{ FunctionName: string; Qualifier?: string }, Record<string, never>>({
  name: "DeleteProvisionedConcurrencyConfig",
  http: { method: "DELETE", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", query: { Qualifier: "Qualifier" }, status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
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
