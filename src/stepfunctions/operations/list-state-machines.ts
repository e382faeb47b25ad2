import type { ListStateMachinesInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { page } from "../paging.js";
import { sfn } from "../machines.js";

export const listStateMachines = defineOperation<ListStateMachinesInput, Record<string, unknown>>({
  name: "ListStateMachines",
  handle(input, ctx) {
    const rows = sfn(ctx).store.machines.all(ctx.accountId, ctx.region);
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      stateMachines: items.map((r) => ({ stateMachineArn: r.arn, name: r.name, type: r.type, creationDate: new Date(r.created) })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
});
