import type { ListImportsInput, ListImportsOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { listTasks, wireDates } from "../transfer/tasks.js";

export const listImports = defineOperation<ListImportsInput, ListImportsOutput>({
  name: "ListImports",
  handle(input, ctx) {
    const { page, next } = listTasks(ctx, stateOf(ctx), "import", input.TableArn, input.PageSize ?? 25, input.NextToken);
    const keep = ["ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime"];
    return {
      ImportSummaryList: page.map((d) => wireDates(Object.fromEntries(keep.filter((k) => d[k] !== undefined).map((k) => [k, d[k]])), ["StartTime", "EndTime"])),
      ...(next ? { NextToken: next } : {}),
    } as ListImportsOutput;
  },
});
