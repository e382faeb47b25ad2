import type { UpdateStateMachineInput } from "@aws-sdk/client-sfn";
import { randomUUID } from "node:crypto";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { checkDefinition, checkLogging, checkRoleArn, requireMachine } from "../machines.js";
import { publishVersion } from "./publish-state-machine-version.js";

export const updateStateMachine = sfnOperation<UpdateStateMachineInput, Record<string, unknown>>({
  name: "UpdateStateMachine",
  handle(input, ctx, engine) {
    const machine = requireMachine(engine, ctx, String(input.stateMachineArn ?? ""));
    if (input.definition === undefined && input.roleArn === undefined && input.loggingConfiguration === undefined && input.tracingConfiguration === undefined)
      throw sfnErrors.missingParameter("Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
    if (input.definition !== undefined) checkDefinition(input.definition, machine.type);
    const roleArn = input.roleArn !== undefined ? checkRoleArn(input.roleArn) : machine.role_arn;
    checkLogging(input.loggingConfiguration);
    const definition = input.definition ?? machine.definition;
    const changed = definition !== machine.definition || roleArn !== machine.role_arn;
    const revision = changed ? randomUUID() : machine.revision_id;
    const now = ctx.clock.now();
    return ctx.store.txn(() => {
      engine.store.updateMachine.run({
        arn: machine.arn,
        definition,
        role_arn: roleArn,
        revision_id: revision,
        logging: input.loggingConfiguration ? JSON.stringify({ level: "OFF", includeExecutionData: false, ...input.loggingConfiguration }) : machine.logging,
        tracing: input.tracingConfiguration ? JSON.stringify({ enabled: false, ...input.tracingConfiguration }) : machine.tracing,
      });
      const out: Record<string, unknown> = { updateDate: new Date(now), revisionId: revision };
      if (input.publish) out.stateMachineVersionArn = publishVersion(engine, machine.arn, input.versionDescription, now).arn;
      return out;
    });
  },
});
