import type { StartSyncExecutionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { startExecution } from "../executions.js";

/** EXPRESS only; answers when the execution ends (its waits run on the clock like any other). */
export const startSyncExecution = sfnOperation<StartSyncExecutionInput, Record<string, unknown>>({
  name: "StartSyncExecution",
  async handle(input, ctx, engine) {
    if (typeof input.stateMachineArn !== "string") throw sfnErrors.missingParameter("stateMachineArn");
    const started = startExecution(engine, ctx.settings, ctx, { stateMachineArn: input.stateMachineArn, name: input.name, input: input.input, traceHeader: input.traceHeader }, "sync");
    const outcome = await started.done!;
    const name = started.arn.split(":")[7];
    // Timestamps as awsJson's epoch seconds: a Date would send the whole answer through a replacer.
    return {
      executionArn: started.arn,
      stateMachineArn: started.machine.arn,
      name,
      startDate: started.startDate / 1000,
      stopDate: outcome.stopDate / 1000,
      status: outcome.status,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
      input: input.input ?? "{}",
      inputDetails: { included: true },
      ...(outcome.output !== undefined ? { output: outcome.output, outputDetails: { included: true } } : {}),
      ...(input.traceHeader ? { traceHeader: input.traceHeader } : {}),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil((outcome.stopDate - started.startDate) / 100) * 100) },
    };
  },
});
