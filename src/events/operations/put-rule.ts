import type { PutRuleRequest, PutRuleResponse } from "@aws-sdk/client-eventbridge";
import { requireBus, tagsObject } from "../buses.js";
import { DEFAULT_BUS, ruleArn } from "../envelope.js";
import { eventsErrors } from "../errors.js";
import { parsePattern, PatternError } from "../pattern/compile.js";
import { firstFire } from "../rule-schedules.js";
import { parseSchedule } from "../schedule/expression.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

const STATES = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"] as const;

/** Creates or updates a rule (targets are kept on update). */
export const putRule = eventsOperation<PutRuleRequest, PutRuleResponse>({
  name: "PutRule",
  handle(input, ctx, state) {
    new Checks()
      .required("name", input.Name)
      .string("name", input.Name, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("scheduleExpression", input.ScheduleExpression, { max: 256 })
      .string("eventPattern", input.EventPattern, { max: 4096 })
      .oneOf("state", input.State, STATES)
      .string("description", input.Description, { max: 512 })
      .string("roleArn", input.RoleArn, { min: 1, max: 1600 })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .done();
    const bus = requireBus(state, ctx, input.EventBusName);
    if (!input.EventPattern && !input.ScheduleExpression) throw eventsErrors.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    if (input.EventPattern) {
      try {
        parsePattern(input.EventPattern);
      } catch (err) {
        if (err instanceof PatternError) throw eventsErrors.invalidPattern(err.message);
        throw err;
      }
    }
    if (input.ScheduleExpression) {
      if (bus !== DEFAULT_BUS) throw eventsErrors.validation("ScheduleExpression is supported only on the default event bus.");
      if (!parseSchedule(input.ScheduleExpression)) throw eventsErrors.validation("Parameter ScheduleExpression is not valid.");
    }
    const now = ctx.clock.now();
    const ruleState = input.State ?? "ENABLED";
    const existing = state.es.getRule.get(ctx.accountId, ctx.region, bus, input.Name!);
    // An unchanged schedule keeps its phase; a new or changed one starts now.
    const keepPhase = existing && existing.schedule === (input.ScheduleExpression ?? null) && existing.state !== "DISABLED" && ruleState !== "DISABLED";
    const anchor = keepPhase ? existing.anchor : now;
    const next = input.ScheduleExpression && ruleState !== "DISABLED" ? (keepPhase ? existing.next_fire : (firstFire(input.ScheduleExpression, now) ?? null)) : null;
    state.es.putRule.run(
      ctx.accountId, ctx.region, bus, input.Name!, input.EventPattern ?? null, input.ScheduleExpression ?? null, ruleState,
      input.Description ?? null, input.RoleArn ?? null, now, anchor, next, JSON.stringify(tagsObject(input.Tags)),
    );
    state.rearmRule(ctx.accountId, ctx.region, bus, input.Name!);
    return { RuleArn: ruleArn(ctx, bus, input.Name!) };
  },
});
