import type { DescribeImportInput, DescribeImportOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { findTask, wireDates } from "../transfer/tasks.js";

export const describeImport = defineOperation<DescribeImportInput, DescribeImportOutput>({
  name: "DescribeImport",
  handle(input, ctx) {
    return { ImportTableDescription: wireDates(findTask(ctx, stateOf(ctx), "import", input.ImportArn), ["StartTime", "EndTime"]) } as DescribeImportOutput;
  },
});
