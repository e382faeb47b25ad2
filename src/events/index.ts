/**
 * EventBridge (awsJson1_1, `AWSEvents.*`) and EventBridge Scheduler (restJson1, `/schedules`,
 * `/schedule-groups`): event buses, rules with event patterns or schedules, targets (Lambda, SQS,
 * SNS, Step Functions, another event bus) with Input/InputPath/InputTransformer, RetryPolicy and dead-letter
 * queues; schedules with at/rate/cron in time zones. Deliveries go through an outbox in SQLite,
 * written in the same transaction as the event or the schedule's firing, so nothing acknowledged
 * is lost across a restart. Lambda is reached through the FunctionInvoker port, SQS and SNS
 * through MessageSink.
 *
 * Gaps:
 * - Archives and replays, API destinations and connections, partner event sources, endpoints
 *   (global endpoints), resource policies (PutPermission), tags on the default bus, EventBridge
 *   Pipes.
 * - Targets other than Lambda, SQS, SNS, Step Functions and event buses (Kinesis, ECS, API
 *   Gateway, ...) are accepted and fail at delivery (then go to the dead-letter queue, if any).
 * - RoleArn is stored, not checked; there is no IAM.
 * - Scheduler's universal targets (`arn:aws:scheduler:::aws-sdk:...`), KMS keys and
 *   customer-managed schedule group policies.
 *
 * By design:
 * - A `rate(...)` rule or schedule first fires one period after it is created (or re-enabled).
 * - A scheduled rule that missed fire times while the emulator was stopped fires once when it
 *   starts again, then keeps its period (AWS does not replay missed runs either).
 * - Failed deliveries are retried with exponential backoff (1 s doubling, at most 5 minutes apart)
 *   until the target's RetryPolicy (default 185 attempts, 24 hours) runs out; a missing target
 *   (function, queue or topic gone) is not retried and goes to the dead-letter queue at once.
 * - FlexibleTimeWindow is accepted and stored; schedules fire at their exact time (the window is
 *   the latest AWS would fire them, so firing at its start is within it).
 *
 * Client quirks: none known.
 */
import { busName, DEFAULT_BUS, envelope } from "./envelope.js";
import { operations } from "./operations/index.js";
import { armAllSchedules, armSchedule } from "./scheduler/firing.js";
import { schedulerOperations } from "./scheduler/operations/index.js";
import { armAllRules, armRule } from "./rule-schedules.js";
import { routeEvent } from "./routing.js";
import { createState, eventsService, type EventsState } from "./state.js";
import { migrations } from "./store.js";
import { parseArn } from "../core/arn.js";
import type { EventEnvelope } from "./envelope.js";

function wire(state: EventsState): void {
  const { es, env } = state;
  state.rearmRule = (account, region, bus, name) => armRule(state, es.getRule.get(account, region, bus, name), { account, region, bus, name });
  state.rearmSchedule = (account, region, grp, name) => armSchedule(state, es.getSchedule.get(account, region, grp, name), { account, region, grp, name });
  state.outbox.forwardToBus = async (scope, arn, payload) => {
    const parsed = parseArn(arn);
    const target = { accountId: parsed?.accountId || scope.accountId, region: parsed?.region || scope.region };
    const bus = busName(arn);
    if (bus !== "default" && !es.getBus.get(target.accountId, target.region, bus)) {
      throw Object.assign(new Error(`Event bus ${bus} does not exist.`), { code: "ResourceNotFoundException" });
    }
    const event = JSON.parse(payload) as EventEnvelope;
    const queued = es.store.txn(() => routeEvent(state, target, bus, event));
    if (queued > 0) state.outbox.kick();
  };
  const off = env.bus.onSettle(() => (es.store.raw.open ? state.outbox.drain() : false));
  const stopServiceEvents = env.eventLog.consume({
    name: "service-events",
    kinds: ["aws.ServiceEventEmitted"],
    handle: ({ payload }) => {
      const scope = { accountId: payload.accountId, region: payload.region };
      const event = envelope(scope, { source: payload.source, detailType: payload.detailType, detail: payload.detail, time: payload.time, resources: payload.resources });
      if (es.store.txn(() => routeEvent(state, scope, DEFAULT_BUS, event)) > 0) state.outbox.kick();
    },
  });
  state.unsubscribe = () => {
    off();
    stopServiceEvents();
  };
}

function armAll(state: EventsState): void {
  state.timers.clear();
  armAllRules(state);
  armAllSchedules(state);
  state.outbox.arm();
}

export const service = eventsService({
  name: "events",
  createState: (env) => createState(env),
  migrations,
  apis: [
    { id: "events", protocol: "awsJson1_1", endpointName: "events", maxBodyBytes: 1024 * 1024, operations },
    { id: "scheduler", protocol: "restJson1", endpointName: "scheduler", operations: schedulerOperations },
  ],
  start(_env, state) {
    wire(state);
    armAll(state);
  },
  afterRestore(_env, state) {
    armAll(state);
  },
  stop(_env, state) {
    state.timers.clear();
    state.unsubscribe();
  },
});
