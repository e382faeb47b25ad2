import type { PublishStateMachineVersionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import type { Engine } from "../engine/engine.js";
import { sfnErrors } from "../errors.js";
import { requireMachine } from "../machines.js";

/** Publishes the machine's current revision, or returns the version that already holds it. */
export function publishVersion(engine: Engine, machineArn: string, description: string | undefined, now: number): { arn: string; created: number } {
  const machine = engine.store.machine.get(machineArn)!;
  const latest = engine.store.versions.all(machineArn)[0];
  if (latest && latest.revision_id === machine.revision_id) return { arn: latest.arn, created: latest.created };
  const number = engine.store.takeVersionNumber.get(machineArn)!.version;
  const arn = `${machineArn}:${number}`;
  engine.store.insertVersion.run(arn, machineArn, number, machine.definition, machine.role_arn, machine.revision_id, description ?? null, now);
  return { arn, created: now };
}

export const publishStateMachineVersion = sfnOperation<PublishStateMachineVersionInput, Record<string, unknown>>({
  name: "PublishStateMachineVersion",
  handle(input, ctx, engine) {
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn));
    if (input.revisionId !== undefined && input.revisionId !== machine.revision_id)
      throw sfnErrors.conflict(`Failed to publish the State Machine version for revision ${input.revisionId}. The current State Machine revision is ${machine.revision_id}.`);
    const version = ctx.store.txn(() => publishVersion(engine, machine.arn, input.description, ctx.clock.now()));
    return { stateMachineVersionArn: version.arn, creationDate: new Date(version.created) };
  },
});
