import type { DeleteStateMachineInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { parseMachineArn } from "../arns.js";
import { sfn } from "../machines.js";

/** Deleting is immediate here (AWS marks the machine DELETING until its executions end). Unknown ARNs are not an error. */
export const deleteStateMachine = defineOperation<DeleteStateMachineInput, Record<string, never>>({
  name: "DeleteStateMachine",
  handle(input, ctx) {
    const engine = sfn(ctx);
    const ref = parseMachineArn(String(input.stateMachineArn ?? ""));
    if (ref.qualifier !== undefined) {
      engine.store.deleteVersion.run(input.stateMachineArn);
      engine.store.deleteAlias.run(input.stateMachineArn);
      return {};
    }
    ctx.store.txn(() => {
      engine.store.deleteMachine.run(ref.machineArn);
      engine.store.deleteVersions.run(ref.machineArn);
      engine.store.deleteAliases.run(ref.machineArn);
    });
    return {};
  },
});
