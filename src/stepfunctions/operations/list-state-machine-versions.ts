import type { ListStateMachineVersionsInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { requireMachine, sfn } from "../machines.js";
import { page } from "../paging.js";

export const listStateMachineVersions = defineOperation<ListStateMachineVersionsInput, Record<string, unknown>>({
  name: "ListStateMachineVersions",
  handle(input, ctx) {
    const engine = sfn(ctx);
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn ?? ""));
    const { items, nextToken } = page(engine.store.versions.all(machine.arn), input.maxResults, input.nextToken);
    return { stateMachineVersions: items.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: new Date(v.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
