import type { DescribeMapRunInput, ListMapRunsInput, UpdateMapRunInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { requireExecution } from "./describe-execution.js";

/** Distributed Map runs inline here (no child executions), so there are no Map Runs to list or describe. */
export const listMapRuns = sfnOperation<ListMapRunsInput, Record<string, unknown>>({
  name: "ListMapRuns",
  handle(input, ctx, engine) {
    requireExecution(engine, ctx, String(input.executionArn ?? ""));
    return { mapRuns: [] };
  },
});

export const describeMapRun = sfnOperation<DescribeMapRunInput, Record<string, unknown>>({
  name: "DescribeMapRun",
  handle(input) {
    throw sfnErrors.resourceNotFound(String(input.mapRunArn ?? ""));
  },
});

export const updateMapRun = sfnOperation<UpdateMapRunInput, Record<string, unknown>>({
  name: "UpdateMapRun",
  handle(input) {
    throw sfnErrors.resourceNotFound(String(input.mapRunArn ?? ""));
  },
});
