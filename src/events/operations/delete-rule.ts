import type { DeleteRuleRequest } from "@aws-sdk/client-eventbridge";
import { requireBus } from "../buses.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

/** A rule with targets cannot be deleted; a rule that does not exist is deleted silently (as on AWS). */
export const deleteRule = eventsOperation<DeleteRuleRequest, Record<string, never>>({
  name: "DeleteRule",
  handle(input, ctx, state) {
    new Checks()
      .required("name", input.Name)
      .string("name", input.Name, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    const { es } = state;
    es.store.txn(() => {
      if ((es.countTargets.get(ctx.accountId, ctx.region, bus, input.Name)?.n ?? 0) > 0) {
        if (!input.Force) throw eventsErrors.validation("Rule can't be deleted since it has targets.");
        for (const t of es.targetsOf.all(ctx.accountId, ctx.region, bus, input.Name)) es.deleteTarget.run(ctx.accountId, ctx.region, bus, input.Name, t.id);
      }
      es.deleteRule.run(ctx.accountId, ctx.region, bus, input.Name);
    });
    state.rearmRule(ctx.accountId, ctx.region, bus, input.Name!);
    return {};
  },
});
