/**
 * Scheduled rules on the clock: each enabled rule with a ScheduleExpression has a timer at its
 * stored next fire time; firing queues AWS's "Scheduled Event" for every target and stores the
 * next time, in one transaction. After a restart (or a long pause of a real clock) a rule that
 * missed fire times fires once, late, then keeps its period — AWS does not replay missed runs.
 */
import type { Scope } from "../core/events.js";
import { ruleArn, scheduledEvent } from "./envelope.js";
import { enqueueForRule } from "./routing.js";
import { nextFire, parseSchedule } from "./schedule/expression.js";
import type { EventsState } from "./state.js";
import type { RuleRow } from "./store.js";

function key(r: { account: string; region: string; bus: string; name: string }): string {
  return `rule\u0000${r.account}\u0000${r.region}\u0000${r.bus}\u0000${r.name}`;
}

/** The first fire time of a scheduled rule enabled at `now` (a rate fires one period later). */
export function firstFire(schedule: string, now: number): number | undefined {
  const parsed = parseSchedule(schedule);
  return parsed ? nextFire(parsed, now, now) : undefined;
}

export function armRule(state: EventsState, row: RuleRow | undefined, ref: { account: string; region: string; bus: string; name: string }): void {
  if (!row || !row.schedule || row.state === "DISABLED" || row.next_fire === null) {
    state.timers.cancel(key(ref));
    return;
  }
  const dueAt = row.next_fire;
  state.timers.set(key(row), dueAt, () => fireRule(state, row, dueAt));
}

async function fireRule(state: EventsState, ref: RuleRow, dueAt: number): Promise<void> {
  const { es, env } = state;
  if (!es.store.raw.open) return;
  const scope: Scope = { accountId: ref.account, region: ref.region };
  const row = es.getRule.get(ref.account, ref.region, ref.bus, ref.name);
  if (!row || row.state === "DISABLED" || row.next_fire !== dueAt || !row.schedule) return;
  const schedule = parseSchedule(row.schedule);
  const next = schedule ? nextFire(schedule, Math.max(dueAt, env.clock.now()), row.anchor) : undefined;
  es.store.txn(() => {
    enqueueForRule(state, scope, row, scheduledEvent(scope, ruleArn(scope, row.bus, row.name), dueAt));
    es.setRuleNextFire.run(next ?? null, row.account, row.region, row.bus, row.name);
  });
  env.bus.publish("scheduler.RuleFired", { ...scope, ruleArn: ruleArn(scope, row.bus, row.name), time: dueAt });
  state.outbox.kick();
  armRule(state, es.getRule.get(row.account, row.region, row.bus, row.name), row);
}

export function armAllRules(state: EventsState): void {
  for (const row of state.es.scheduledRules.all()) armRule(state, row, row);
}
