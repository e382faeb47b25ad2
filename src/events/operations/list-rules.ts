import type { ListRulesRequest, ListRulesResponse } from "@aws-sdk/client-eventbridge";
import { decodeToken, page, requireBus } from "../buses.js";
import { ruleView } from "../rules.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

export const listRules = eventsOperation<ListRulesRequest, ListRulesResponse>({
  name: "ListRules",
  handle(input, ctx, state) {
    new Checks()
      .string("namePrefix", input.NamePrefix, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .int("limit", input.Limit, 1, 100)
      .string("nextToken", input.NextToken, { min: 1, max: 2048 })
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    const prefix = input.NamePrefix ?? "";
    const rows = state.es.listRules.all(ctx.accountId, ctx.region, bus, decodeToken(input.NextToken), prefix, prefix);
    const { items, next } = page(rows, input.Limit, (r) => r.name);
    return { Rules: items.map((r) => ruleView(ctx, r)), ...(next ? { NextToken: next } : {}) };
  },
});
