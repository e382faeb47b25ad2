import type { ListExportsInput, ListExportsOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { listTasks } from "../transfer/tasks.js";

export const listExports = defineOperation<ListExportsInput, ListExportsOutput>({
  name: "ListExports",
  handle(input, ctx) {
    const { page, next } = listTasks(ctx, stateOf(ctx), "export", input.TableArn, input.MaxResults ?? 25, input.NextToken);
    return {
      ExportSummaries: page.map((d) => ({ ExportArn: d.ExportArn, ExportStatus: d.ExportStatus, ExportType: d.ExportType })),
      ...(next ? { NextToken: next } : {}),
    } as ListExportsOutput;
  },
});
