/** How a rule row is described to clients. */
import type { DescribeRuleResponse, Rule } from "@aws-sdk/client-eventbridge";
import type { Scope } from "../core/events.js";
import { ruleArn } from "./envelope.js";
import type { RuleRow } from "./store.js";

export function ruleView(scope: Scope, row: RuleRow): Rule & DescribeRuleResponse {
  return {
    Name: row.name,
    Arn: ruleArn(scope, row.bus, row.name),
    ...(row.pattern !== null ? { EventPattern: row.pattern } : {}),
    ...(row.schedule !== null ? { ScheduleExpression: row.schedule } : {}),
    State: row.state as Rule["State"],
    ...(row.description !== null ? { Description: row.description } : {}),
    ...(row.role_arn !== null ? { RoleArn: row.role_arn } : {}),
    EventBusName: row.bus,
  };
}
