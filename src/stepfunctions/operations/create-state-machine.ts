import type { CreateStateMachineInput } from "@aws-sdk/client-sfn";
import { randomUUID } from "node:crypto";
import { sfnOperation } from "../state.js";
import { isValidName, machineArnOf } from "../arns.js";
import { constraint, sfnErrors } from "../errors.js";
import { checkDefinition, checkLogging, checkRoleArn, tagsToMap } from "../machines.js";
import { publishVersion } from "./publish-state-machine-version.js";

export const createStateMachine = sfnOperation<CreateStateMachineInput, Record<string, unknown>>({
  name: "CreateStateMachine",
  handle(input, ctx, engine) {
    if (typeof input.name !== "string") throw sfnErrors.missingParameter("name");
    if (input.name.length > 80) throw constraint("name", input.name, "Member must have length less than or equal to 80");
    if (!isValidName(input.name)) throw sfnErrors.invalidName(input.name);
    const type = input.type ?? "STANDARD";
    if (type !== "STANDARD" && type !== "EXPRESS") throw constraint("type", type, "Member must satisfy enum value set: [STANDARD, EXPRESS]");
    checkDefinition(input.definition, type);
    const roleArn = checkRoleArn(input.roleArn);
    checkLogging(input.loggingConfiguration);
    const tags = tagsToMap(input.tags);
    if (Object.keys(tags).length > 50) throw sfnErrors.tooManyTags(input.name);
    const arn = machineArnOf(ctx.region, ctx.accountId, input.name);
    const logging = input.loggingConfiguration ? JSON.stringify({ level: "OFF", includeExecutionData: false, ...input.loggingConfiguration }) : null;
    const tracing = input.tracingConfiguration ? JSON.stringify({ enabled: false, ...input.tracingConfiguration }) : null;
    const existing = engine.store.machine.get(arn);
    if (existing) {
      const same = existing.definition === input.definition && existing.role_arn === roleArn && existing.type === type;
      if (!same) throw sfnErrors.machineExists(arn);
      return { stateMachineArn: arn, creationDate: new Date(existing.created) };
    }
    const created = ctx.clock.now();
    return ctx.store.txn(() => {
      engine.store.insertMachine.run({
        arn,
        account: ctx.accountId,
        region: ctx.region,
        name: input.name,
        type,
        definition: input.definition,
        role_arn: roleArn,
        created,
        revision_id: randomUUID(),
        description: null,
        logging,
        tracing,
        tags: JSON.stringify(tags),
      });
      const out: Record<string, unknown> = { stateMachineArn: arn, creationDate: new Date(created) };
      if (input.publish) out.stateMachineVersionArn = publishVersion(engine, arn, input.versionDescription, created).arn;
      return out;
    });
  },
});
