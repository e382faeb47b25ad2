import type { DescribeStateMachineInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseMachineArn } from "../arns.js";
import { sfnErrors } from "../errors.js";
import { describeMachine } from "../machines.js";

export const describeStateMachine = sfnOperation<DescribeStateMachineInput, Record<string, unknown>>({
  name: "DescribeStateMachine",
  handle(input, ctx, engine) {
    const arn = String(input.stateMachineArn ?? "");
    const ref = parseMachineArn(arn);
    const machine = engine.store.machine.get(ref.machineArn);
    if (!machine || machine.account !== ctx.accountId) throw sfnErrors.machineNotFound(arn);
    if (ref.qualifier === undefined) return describeMachine(machine);
    const version = /^\d+$/.test(ref.qualifier) ? engine.store.version.get(arn) : undefined;
    if (!version) throw sfnErrors.machineNotFound(arn);
    return {
      ...describeMachine(machine),
      stateMachineArn: version.arn,
      definition: version.definition,
      roleArn: version.role_arn,
      revisionId: version.revision_id,
      creationDate: new Date(version.created),
      ...(version.description ? { description: version.description } : {}),
    };
  },
});
