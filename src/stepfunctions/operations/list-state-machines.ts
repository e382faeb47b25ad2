import type { ListStateMachinesInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { page } from "../paging.js";

export const listStateMachines = sfnOperation<ListStateMachinesInput, Record<string, unknown>>({
  name: "ListStateMachines",
  handle(input, ctx, engine) {
    const rows = engine.store.machines.all(ctx.accountId, ctx.region);
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      stateMachines: items.map((r) => ({ stateMachineArn: r.arn, name: r.name, type: r.type, creationDate: new Date(r.created) })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
});
