import type { ListStateMachineVersionsInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { requireMachine } from "../machines.js";
import { page } from "../paging.js";

export const listStateMachineVersions = sfnOperation<ListStateMachineVersionsInput, Record<string, unknown>>({
  name: "ListStateMachineVersions",
  handle(input, ctx, engine) {
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn ?? ""));
    const { items, nextToken } = page(engine.store.versions.all(machine.arn), input.maxResults, input.nextToken);
    return { stateMachineVersions: items.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: new Date(v.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
