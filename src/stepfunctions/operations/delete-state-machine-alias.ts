import type { DeleteStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { requireAlias } from "./aliases.js";

export const deleteStateMachineAlias = sfnOperation<DeleteStateMachineAliasInput, Record<string, never>>({
  name: "DeleteStateMachineAlias",
  handle(input, ctx, engine) {
    engine.store.deleteAlias.run(requireAlias(engine, String(input.stateMachineAliasArn ?? "")).arn);
    return {};
  },
});
