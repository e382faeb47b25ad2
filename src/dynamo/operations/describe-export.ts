import type { DescribeExportInput, DescribeExportOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { findTask, wireDates } from "../transfer/tasks.js";

export const describeExport = defineOperation<DescribeExportInput, DescribeExportOutput>({
  name: "DescribeExport",
  handle(input, ctx) {
    return { ExportDescription: wireDates(findTask(ctx, stateOf(ctx), "export", input.ExportArn), ["StartTime", "EndTime", "ExportTime"]) } as DescribeExportOutput;
  },
});
