import type { StopExecutionInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfn } from "../machines.js";
import { requireExecution } from "./describe-execution.js";

/** Stopping a finished execution is not an error: AWS answers with its stop date. */
export const stopExecution = defineOperation<StopExecutionInput, Record<string, unknown>>({
  name: "StopExecution",
  handle(input, ctx) {
    const row = requireExecution(ctx, String(input.executionArn ?? ""));
    const stopped = sfn(ctx).stop(row.arn, input.error, input.cause) ?? row.stopped ?? ctx.clock.now();
    return { stopDate: new Date(stopped) };
  },
});
