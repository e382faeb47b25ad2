import type { ListStateMachineAliasesInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { requireMachine } from "../machines.js";
import { page } from "../paging.js";

export const listStateMachineAliases = sfnOperation<ListStateMachineAliasesInput, Record<string, unknown>>({
  name: "ListStateMachineAliases",
  handle(input, ctx, engine) {
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn ?? ""));
    const { items, nextToken } = page(engine.store.aliases.all(machine.arn), input.maxResults, input.nextToken);
    return { stateMachineAliases: items.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: new Date(a.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
