import type { ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse } from "@aws-sdk/client-eventbridge";
import { decodeToken, page, requireBus } from "../buses.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks } from "../validate.js";

export const listRuleNamesByTarget = eventsOperation<ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse>({
  name: "ListRuleNamesByTarget",
  handle(input, ctx, state) {
    new Checks()
      .required("targetArn", input.TargetArn)
      .string("targetArn", input.TargetArn, { min: 1, max: 1600 })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .int("limit", input.Limit, 1, 100)
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    const after = decodeToken(input.NextToken);
    const names = [...new Set(state.es.rulesByTarget.all(ctx.accountId, ctx.region, input.TargetArn, bus).map((t) => t.rule))].filter((n) => n > after);
    const { items, next } = page(names, input.Limit, (n) => n);
    return { RuleNames: items, ...(next ? { NextToken: next } : {}) };
  },
});
