import type { ListStateMachineAliasesInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { requireMachine, sfn } from "../machines.js";
import { page } from "../paging.js";

export const listStateMachineAliases = defineOperation<ListStateMachineAliasesInput, Record<string, unknown>>({
  name: "ListStateMachineAliases",
  handle(input, ctx) {
    const engine = sfn(ctx);
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn ?? ""));
    const { items, nextToken } = page(engine.store.aliases.all(machine.arn), input.maxResults, input.nextToken);
    return { stateMachineAliases: items.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: new Date(a.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
