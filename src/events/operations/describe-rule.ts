import type { DescribeRuleRequest, DescribeRuleResponse } from "@aws-sdk/client-eventbridge";
import { requireBus, requireRule } from "../buses.js";
import { ruleView } from "../rules.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

export const describeRule = eventsOperation<DescribeRuleRequest, DescribeRuleResponse>({
  name: "DescribeRule",
  handle(input, ctx, state) {
    new Checks()
      .required("name", input.Name)
      .string("name", input.Name, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    return { ...ruleView(ctx, requireRule(state, ctx, bus, input.Name!)), CreatedBy: ctx.accountId };
  },
});
