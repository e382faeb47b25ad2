import type { DeleteStateMachineVersionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseMachineArn } from "../arns.js";
import { sfnErrors } from "../errors.js";

export const deleteStateMachineVersion = sfnOperation<DeleteStateMachineVersionInput, Record<string, never>>({
  name: "DeleteStateMachineVersion",
  handle(input, ctx, engine) {
    const arn = String(input.stateMachineVersionArn ?? "");
    const ref = parseMachineArn(arn);
    if (ref.qualifier === undefined || !/^\d+$/.test(ref.qualifier)) throw sfnErrors.invalidArn(arn);
    for (const alias of engine.store.aliases.all(ref.machineArn)) {
      if ((JSON.parse(alias.routing) as { stateMachineVersionArn: string }[]).some((r) => r.stateMachineVersionArn === arn))
        throw sfnErrors.conflict(`Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${alias.arn}]`);
    }
    engine.store.deleteVersion.run(arn);
    return {};
  },
});
