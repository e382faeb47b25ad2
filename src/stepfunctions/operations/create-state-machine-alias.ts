import type { CreateStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { isValidName } from "../arns.js";
import { sfnErrors } from "../errors.js";
import { checkRouting } from "./aliases.js";

export const createStateMachineAlias = sfnOperation<CreateStateMachineAliasInput, Record<string, unknown>>({
  name: "CreateStateMachineAlias",
  handle(input, ctx, engine) {
    const name = String(input.name ?? "");
    if (!isValidName(name) || /^\d+$/.test(name)) throw sfnErrors.invalidName(name);
    const { machineArn, routes } = checkRouting(engine, ctx, input.routingConfiguration);
    const arn = `${machineArn}:${name}`;
    const routing = JSON.stringify(routes.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight })));
    const existing = engine.store.alias.get(arn);
    if (existing) {
      if (existing.routing === routing && (existing.description ?? undefined) === input.description)
        return { stateMachineAliasArn: arn, creationDate: new Date(existing.created) };
      throw sfnErrors.conflict(`Failed to create alias because an alias with the same name and a different routing configuration already exists.`);
    }
    const now = ctx.clock.now();
    engine.store.insertAlias.run(arn, machineArn, name, input.description ?? null, routing, now, now);
    return { stateMachineAliasArn: arn, creationDate: new Date(now) };
  },
});
