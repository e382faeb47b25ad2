import type { DescribeImportInput, DescribeImportOutput } from "@aws-sdk/client-dynamodb";
import { findTask, wireDates } from "../transfer/tasks.js";
import { dynamoOperation } from "../state.js";

export const describeImport = dynamoOperation<DescribeImportInput, DescribeImportOutput>({
  name: "DescribeImport",
  handle(input, ctx, st) {
    return { ImportTableDescription: wireDates(findTask(ctx, st, "import", input.ImportArn), ["StartTime", "EndTime"]) } as DescribeImportOutput;
  },
});
