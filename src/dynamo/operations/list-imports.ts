import type { ListImportsInput, ListImportsOutput } from "@aws-sdk/client-dynamodb";
import { listTasks, wireDates } from "../transfer/tasks.js";
import { dynamoOperation } from "../state.js";

export const listImports = dynamoOperation<ListImportsInput, ListImportsOutput>({
  name: "ListImports",
  handle(input, ctx, st) {
    const { page, next } = listTasks(ctx, st, "import", input.TableArn, input.PageSize ?? 25, input.NextToken);
    const keep = ["ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime"];
    return {
      ImportSummaryList: page.map((d) => wireDates(Object.fromEntries(keep.filter((k) => d[k] !== undefined).map((k) => [k, d[k]])), ["StartTime", "EndTime"])),
      ...(next ? { NextToken: next } : {}),
    } as ListImportsOutput;
  },
});
