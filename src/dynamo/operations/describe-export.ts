import type { DescribeExportInput, DescribeExportOutput } from "@aws-sdk/client-dynamodb";
import { findTask, wireDates } from "../transfer/tasks.js";
import { dynamoOperation } from "../state.js";

export const describeExport = dynamoOperation<DescribeExportInput, DescribeExportOutput>({
  name: "DescribeExport",
  handle(input, ctx, st) {
    return { ExportDescription: wireDates(findTask(ctx, st, "export", input.ExportArn), ["StartTime", "EndTime", "ExportTime"]) } as DescribeExportOutput;
  },
});
