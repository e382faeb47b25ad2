import type { StartExecutionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { startExecution as start } from "../executions.js";

export const startExecution = sfnOperation<StartExecutionInput, Record<string, unknown>>({
  name: "StartExecution",
  handle(input, ctx, engine) {
    if (typeof input.stateMachineArn !== "string") throw sfnErrors.missingParameter("stateMachineArn");
    const started = start(engine, ctx.settings, ctx, { stateMachineArn: input.stateMachineArn, name: input.name, input: input.input, traceHeader: input.traceHeader }, "async");
    return { executionArn: started.arn, startDate: new Date(started.startDate) };
  },
});
