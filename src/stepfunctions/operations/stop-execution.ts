import type { StopExecutionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { requireExecution } from "./describe-execution.js";

/** Stopping a finished execution is not an error: AWS answers with its stop date. */
export const stopExecution = sfnOperation<StopExecutionInput, Record<string, unknown>>({
  name: "StopExecution",
  handle(input, ctx, engine) {
    const row = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    const stopped = engine.stop(row.arn, input.error, input.cause) ?? row.stopped ?? ctx.clock.now();
    return { stopDate: new Date(stopped) };
  },
});
