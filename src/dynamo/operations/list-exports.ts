import type { ListExportsInput, ListExportsOutput } from "@aws-sdk/client-dynamodb";
import { listTasks } from "../transfer/tasks.js";
import { dynamoOperation } from "../state.js";

export const listExports = dynamoOperation<ListExportsInput, ListExportsOutput>({
  name: "ListExports",
  handle(input, ctx, st) {
    const { page, next } = listTasks(ctx, st, "export", input.TableArn, input.MaxResults ?? 25, input.NextToken);
    return {
      ExportSummaries: page.map((d) => ({ ExportArn: d.ExportArn, ExportStatus: d.ExportStatus, ExportType: d.ExportType })),
      ...(next ? { NextToken: next } : {}),
    } as ListExportsOutput;
  },
});
