/**
 * Schedules on the clock: each enabled schedule has a timer at its stored next fire time. Firing
 * queues the target's input (with Scheduler's `<aws.scheduler.*>` context attributes filled in)
 * to the outbox and stores the next time in one transaction; after the last fire time (an `at`
 * schedule, or past EndDate) a schedule with ActionAfterCompletion DELETE is deleted.
 */
import type { Scope } from "../../core/events.js";
import { uuid } from "../../core/ids.js";
import type { DeliveryTarget } from "../deliveries.js";
import { envelope, isoSeconds } from "../envelope.js";
import { nextFire, parseSchedule } from "../schedule/expression.js";
import type { EventsState } from "../state.js";
import type { ScheduleRow } from "../store.js";
import { scheduleArn, type StoredSchedule } from "./model.js";

function key(account: string, region: string, group: string, name: string): string {
  return `schedule\u0000${account}\u0000${region}\u0000${group}\u0000${name}`;
}

/** The first fire time at or after `from` (and after StartDate), within EndDate. */
export function nextScheduleFire(s: StoredSchedule, after: number, anchor: number): number | undefined {
  const parsed = parseSchedule(s.ScheduleExpression, true);
  if (!parsed || s.State === "DISABLED") return undefined;
  const zone = s.ScheduleExpressionTimezone ?? "UTC";
  const from = s.StartDate !== undefined && parsed.kind !== "rate" ? Math.max(after, s.StartDate - 1) : after;
  const next = nextFire(parsed, from, anchor, zone);
  if (next === undefined || (s.EndDate !== undefined && next > s.EndDate)) return undefined;
  return next;
}

function deliveryTarget(s: StoredSchedule): DeliveryTarget {
  const t = s.Target;
  return {
    kind: "schedule",
    arn: t.Arn!,
    ...(t.SqsParameters?.MessageGroupId ? { messageGroupId: t.SqsParameters.MessageGroupId } : {}),
    maxRetries: t.RetryPolicy?.MaximumRetryAttempts ?? 185,
    maxAgeSeconds: t.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400,
    ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
  };
}

function payload(scope: Scope, s: StoredSchedule, arn: string, time: number): string {
  const input = (s.Target.Input ?? "{}")
    .replaceAll("<aws.scheduler.schedule-arn>", arn)
    .replaceAll("<aws.scheduler.scheduled-time>", isoSeconds(time))
    .replaceAll("<aws.scheduler.execution-id>", uuid())
    .replaceAll("<aws.scheduler.attempt-number>", "1");
  const bridge = s.Target.EventBridgeParameters;
  if (bridge && s.Target.Arn?.includes(":event-bus/")) {
    let detail: unknown = {};
    try {
      detail = JSON.parse(input);
    } catch {
      detail = {};
    }
    return JSON.stringify(envelope(scope, { source: bridge.Source ?? "", detailType: bridge.DetailType ?? "", detail, time, resources: [arn] }));
  }
  return input;
}

export function armSchedule(state: EventsState, row: ScheduleRow | undefined, ref: { account: string; region: string; grp: string; name: string }): void {
  const k = key(ref.account, ref.region, ref.grp, ref.name);
  if (!row || row.next_fire === null) {
    state.timers.cancel(k);
    return;
  }
  const dueAt = row.next_fire;
  state.timers.set(k, dueAt, () => fire(state, row, dueAt));
}

async function fire(state: EventsState, ref: ScheduleRow, dueAt: number): Promise<void> {
  const { es, env } = state;
  if (!es.store.raw.open) return;
  const row = es.getSchedule.get(ref.account, ref.region, ref.grp, ref.name);
  if (!row || row.next_fire !== dueAt) return;
  const scope: Scope = { accountId: row.account, region: row.region };
  const s = JSON.parse(row.config) as StoredSchedule;
  const arn = scheduleArn(scope, row.grp, row.name);
  const next = nextScheduleFire(s, Math.max(dueAt, env.clock.now()), row.anchor);
  es.store.txn(() => {
    state.outbox.add(scope, arn, deliveryTarget(s), payload(scope, s, arn, dueAt));
    if (next === undefined && s.ActionAfterCompletion === "DELETE") es.deleteSchedule.run(row.account, row.region, row.grp, row.name);
    else es.setScheduleNextFire.run(next ?? null, row.account, row.region, row.grp, row.name);
  });
  state.outbox.kick();
  armSchedule(state, es.getSchedule.get(row.account, row.region, row.grp, row.name), row);
}

export function armAllSchedules(state: EventsState): void {
  for (const row of state.es.allSchedules.all()) armSchedule(state, row, row);
}
