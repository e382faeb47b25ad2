import type { DeleteStateMachineInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseMachineArn } from "../arns.js";

/** Deleting is immediate here (AWS marks the machine DELETING until its executions end). Unknown ARNs are not an error. */
export const deleteStateMachine = sfnOperation<DeleteStateMachineInput, Record<string, never>>({
  name: "DeleteStateMachine",
  handle(input, ctx, engine) {
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
