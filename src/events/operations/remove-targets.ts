import type { RemoveTargetsRequest, RemoveTargetsResponse } from "@aws-sdk/client-eventbridge";
import { requireBus, requireRule } from "../buses.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

/** Ids that are not targets of the rule are ignored, as AWS does. */
export const removeTargets = eventsOperation<RemoveTargetsRequest, RemoveTargetsResponse>({
  name: "RemoveTargets",
  handle(input, ctx, state) {
    const c = new Checks()
      .required("rule", input.Rule)
      .string("rule", input.Rule, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .required("ids", input.Ids)
      .list("ids", input.Ids, 1, 100);
    (Array.isArray(input.Ids) ? input.Ids : []).forEach((id, i) => c.string(`ids.${i + 1}.member`, id, { min: 1, max: 64, pattern: NAME_PATTERN }));
    c.done();
    const bus = requireBus(state, ctx, input.EventBusName);
    const rule = requireRule(state, ctx, bus, input.Rule!);
    state.es.store.txn(() => {
      for (const id of input.Ids!) state.es.deleteTarget.run(ctx.accountId, ctx.region, bus, rule.name, id);
    });
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
