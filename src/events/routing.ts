/**
 * Routing an event on a bus: every enabled rule whose pattern matches gets a delivery per target,
 * written to the outbox in the caller's transaction.
 */
import type { Target } from "@aws-sdk/client-eventbridge";
import type { Scope } from "../core/events.js";
import type { DeliveryTarget } from "./deliveries.js";
import { ruleArn, type EventEnvelope } from "./envelope.js";
import { matches } from "./pattern/match.js";
import { compiled, type EventsState } from "./state.js";
import type { RuleRow } from "./store.js";
import { targetInput } from "./transform.js";

export function deliveryTarget(t: Target): DeliveryTarget {
  return {
    kind: "rule",
    arn: t.Arn!,
    id: t.Id,
    ...(t.SqsParameters?.MessageGroupId ? { messageGroupId: t.SqsParameters.MessageGroupId } : {}),
    maxRetries: t.RetryPolicy?.MaximumRetryAttempts ?? 185,
    maxAgeSeconds: t.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400,
    ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
  };
}

/** Queues the event for every target of `rule`; returns how many deliveries were queued. */
export function enqueueForRule(state: EventsState, scope: Scope, rule: RuleRow, event: EventEnvelope): number {
  const arn = ruleArn(scope, rule.bus, rule.name);
  const now = state.env.clock.now();
  let n = 0;
  for (const row of state.es.targetsOf.all(scope.accountId, scope.region, rule.bus, rule.name)) {
    const target = JSON.parse(row.config) as Target;
    state.outbox.add(scope, arn, deliveryTarget(target), targetInput(target, event, arn, now));
    n++;
  }
  return n;
}

/** Matches `event` against the bus's rules (call inside a transaction); returns the deliveries queued. */
export function routeEvent(state: EventsState, scope: Scope, bus: string, event: EventEnvelope): number {
  let n = 0;
  for (const rule of state.es.rulesWithPattern.all(scope.accountId, scope.region, bus)) {
    if (matches(compiled(state, rule.pattern!), event)) n += enqueueForRule(state, scope, rule, event);
  }
  return n;
}
