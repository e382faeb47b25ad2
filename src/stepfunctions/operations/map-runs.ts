import type { DescribeMapRunInput, ListMapRunsInput, UpdateMapRunInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfnErrors } from "../errors.js";
import { requireExecution } from "./describe-execution.js";

/** Distributed Map runs inline here (no child executions), so there are no Map Runs to list or describe. */
export const listMapRuns = defineOperation<ListMapRunsInput, Record<string, unknown>>({
  name: "ListMapRuns",
  handle(input, ctx) {
    requireExecution(ctx, String(input.executionArn ?? ""));
    return { mapRuns: [] };
  },
});

export const describeMapRun = defineOperation<DescribeMapRunInput, Record<string, unknown>>({
  name: "DescribeMapRun",
  handle(input) {
    throw sfnErrors.resourceNotFound(String(input.mapRunArn ?? ""));
  },
});

export const updateMapRun = defineOperation<UpdateMapRunInput, Record<string, unknown>>({
  name: "UpdateMapRun",
  handle(input) {
    throw sfnErrors.resourceNotFound(String(input.mapRunArn ?? ""));
  },
});
