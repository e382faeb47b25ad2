import type { StartExecutionInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfnErrors } from "../errors.js";
import { startExecution as start } from "../executions.js";
import { sfn } from "../machines.js";

export const startExecution = defineOperation<StartExecutionInput, Record<string, unknown>>({
  name: "StartExecution",
  handle(input, ctx) {
    if (typeof input.stateMachineArn !== "string") throw sfnErrors.missingParameter("stateMachineArn");
    const started = start(sfn(ctx), ctx.settings, ctx, { stateMachineArn: input.stateMachineArn, name: input.name, input: input.input, traceHeader: input.traceHeader }, "async");
    return { executionArn: started.arn, startDate: new Date(started.startDate) };
  },
});
