import type { ListTargetsByRuleRequest, ListTargetsByRuleResponse, Target } from "@aws-sdk/client-eventbridge";
import { decodeToken, page, requireBus, requireRule } from "../buses.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

export const listTargetsByRule = eventsOperation<ListTargetsByRuleRequest, ListTargetsByRuleResponse>({
  name: "ListTargetsByRule",
  handle(input, ctx, state) {
    new Checks()
      .required("rule", input.Rule)
      .string("rule", input.Rule, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .int("limit", input.Limit, 1, 100)
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    const rule = requireRule(state, ctx, bus, input.Rule!);
    const after = decodeToken(input.NextToken);
    const rows = state.es.targetsOf.all(ctx.accountId, ctx.region, bus, rule.name).sort((a, b) => (a.id < b.id ? -1 : 1)).filter((t) => t.id > after);
    const { items, next } = page(rows, input.Limit, (t) => t.id);
    return { Targets: items.map((t) => JSON.parse(t.config) as Target), ...(next ? { NextToken: next } : {}) };
  },
});
