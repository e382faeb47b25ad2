import type { UpdateStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { checkRouting, requireAlias } from "./aliases.js";

export const updateStateMachineAlias = sfnOperation<UpdateStateMachineAliasInput, Record<string, unknown>>({
  name: "UpdateStateMachineAlias",
  handle(input, ctx, engine) {
    const alias = requireAlias(engine, String(input.stateMachineAliasArn ?? ""));
    if (input.description === undefined && input.routingConfiguration === undefined)
      throw sfnErrors.validation("Either the description or the RoutingConfiguration must be specified");
    let routing = alias.routing;
    if (input.routingConfiguration !== undefined) {
      const checked = checkRouting(engine, ctx, input.routingConfiguration);
      if (checked.machineArn !== alias.machine_arn) throw sfnErrors.validation("Routing configuration must contain state machine versions of the same state machine.");
      routing = JSON.stringify(checked.routes.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight })));
    }
    const now = ctx.clock.now();
    engine.store.updateAlias.run(input.description ?? alias.description, routing, now, alias.arn);
    return { updateDate: new Date(now) };
  },
});
