import type { DeleteStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfn } from "../machines.js";
import { requireAlias } from "./aliases.js";

export const deleteStateMachineAlias = defineOperation<DeleteStateMachineAliasInput, Record<string, never>>({
  name: "DeleteStateMachineAlias",
  handle(input, ctx) {
    const engine = sfn(ctx);
    engine.store.deleteAlias.run(requireAlias(engine, String(input.stateMachineAliasArn ?? "")).arn);
    return {};
  },
});
