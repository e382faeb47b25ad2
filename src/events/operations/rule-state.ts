import type { DisableRuleRequest, EnableRuleRequest } from "@aws-sdk/client-eventbridge";
import type { RequestContext } from "../../core/context.js";
import { requireBus, requireRule } from "../buses.js";
import { firstFire } from "../rule-schedules.js";
import { eventsOperation, type EventsState } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

function setState(state: EventsState, input: EnableRuleRequest, ctx: RequestContext, enabled: boolean): Record<string, never> {
  new Checks()
    .required("name", input.Name)
    .string("name", input.Name, { min: 1, max: 64, pattern: NAME_PATTERN })
    .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
    .done();
  const bus = requireBus(state, ctx, input.EventBusName);
  const row = requireRule(state, ctx, bus, input.Name!);
  const now = ctx.clock.now();
  if (enabled && row.state !== "DISABLED") return {};
  // Re-enabling a scheduled rule starts its schedule again from now.
  const next = enabled && row.schedule ? (firstFire(row.schedule, now) ?? null) : null;
  state.es.setRuleState.run(enabled ? "ENABLED" : "DISABLED", enabled ? now : row.anchor, next, ctx.accountId, ctx.region, bus, row.name);
  state.rearmRule(ctx.accountId, ctx.region, bus, row.name);
  return {};
}

export const enableRule = eventsOperation<EnableRuleRequest, Record<string, never>>({
  name: "EnableRule",
  handle: (input, ctx, state) => setState(state, input, ctx, true),
});

export const disableRule = eventsOperation<DisableRuleRequest, Record<string, never>>({
  name: "DisableRule",
  handle: (input, ctx, state) => setState(state, input, ctx, false),
});
