/**
 * The deliveries outbox: rows written in the transaction that matched an event (or fired a
 * schedule), delivered after the commit through the FunctionInvoker, MessageSink and ExecutionStarter ports, retried
 * with backoff on failure until the target's RetryPolicy runs out, then sent to its dead-letter
 * queue (or dropped). A timer on the clock wakes the outbox at the next due row; `settle` drains
 * what is due now.
 */
import { parseArn } from "../core/arn.js";
import type { TimerHandle } from "../core/clock.js";
import type { Scope } from "../core/events.js";
import type { OutgoingMessageAttribute } from "../core/ports.js";
import type { ServiceEnv } from "../core/service.js";
import type { DeliveryRow, EventsStore } from "./store.js";

/** A target as the outbox keeps it (EventBridge's Target or Scheduler's, reduced to what delivery needs). */
export interface DeliveryTarget {
  /** "rule" (EventBridge) or "schedule" (Scheduler): decides the DLQ attributes. */
  kind: "rule" | "schedule";
  arn: string;
  id?: string;
  messageGroupId?: string;
  maxRetries: number;
  maxAgeSeconds: number;
  deadLetterArn?: string;
}

/** Delivers an event to another event bus (EventBridge provides it to the outbox). */
export type BusForwarder = (scope: Scope, busArn: string, payload: string) => Promise<void>;

const MAX_BACKOFF_MS = 300_000;
/** Errors retrying cannot fix: the target is gone. AWS sends these to the DLQ at once. */
const PERMANENT = /NotFound|NonExistent|NO_QUEUE|NO_TOPIC|NO_FUNCTION|DoesNotExist|does not exist/i;

export class Outbox {
  private timer?: TimerHandle;
  private running?: Promise<boolean>;
  forwardToBus?: BusForwarder;

  constructor(
    private readonly es: EventsStore,
    private readonly env: ServiceEnv,
  ) {}

  /** Adds a delivery; call inside the caller's transaction, then `kick()` after it commits. */
  add(scope: Scope, sourceArn: string, target: DeliveryTarget, payload: string): void {
    const now = this.env.clock.now();
    this.es.addDelivery.run(now, scope.accountId, scope.region, sourceArn, JSON.stringify(target), payload, now);
  }

  kick(): void {
    void this.env.bus.track(this.drain());
  }

  /** Delivers every due row; true if it delivered anything. */
  drain(): Promise<boolean> {
    if (this.running) return this.running.then(() => this.drain());
    // Marked running before any work starts: a delivery that queues more (a bus forwarding) kicks us again.
    const run = (async (): Promise<boolean> => {
      await null;
      return this.drainOnce();
    })();
    this.running = run.finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drainOnce(): Promise<boolean> {
    let did = false;
    for (let round = 0; round < 1000; round++) {
      if (!this.es.store.raw.open) return did;
      const rows = this.es.dueDeliveries.all(this.env.clock.now());
      if (rows.length === 0) break;
      did = true;
      for (const row of rows) await this.deliverRow(row);
    }
    this.arm();
    return did;
  }

  /** Arms the timer at the next due row (after start, restore, or a retry). */
  arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.es.store.raw.open) return;
    const next = this.es.nextDelivery.get()?.due;
    if (next === null || next === undefined) return;
    this.timer = this.env.clock.setTimer(Math.max(next, this.env.clock.now()), async () => {
      this.timer = undefined;
      await this.drain();
    });
  }

  private async deliverRow(row: DeliveryRow): Promise<void> {
    const target = JSON.parse(row.target) as DeliveryTarget;
    const scope = { accountId: row.account, region: row.region };
    try {
      await this.deliver(scope, target, row.payload);
      this.es.deleteDelivery.run(row.id);
    } catch (err) {
      const code = (err as { code?: string; name?: string }).code ?? (err as Error).name ?? "Error";
      const message = (err as Error).message ?? String(err);
      const now = this.env.clock.now();
      const attempts = row.attempts + 1;
      const tooOld = now - row.first_at >= target.maxAgeSeconds * 1000;
      if (PERMANENT.test(`${code} ${message}`) || attempts > target.maxRetries || tooOld) {
        this.es.deleteDelivery.run(row.id);
        const condition = attempts > target.maxRetries ? "MaximumRetryAttempts" : "MaximumEventAgeInSeconds";
        await this.deadLetter(row, target, code, message, attempts - 1, condition);
        return;
      }
      this.es.retryDelivery.run(now + Math.min(1000 * 2 ** row.attempts, MAX_BACKOFF_MS), row.id);
    }
  }

  private async deliver(scope: Scope, target: DeliveryTarget, payload: string): Promise<void> {
    const service = parseArn(target.arn)?.service;
    switch (service) {
      case "lambda": {
        const invoker = await this.env.ports.get("FunctionInvoker");
        await invoker.invoke(scope, target.arn, payload, { type: "Event", source: target.kind === "rule" ? "events" : "scheduler" });
        return;
      }
      case "sqs": {
        const sink = await this.env.ports.get("MessageSink");
        await sink.sendToQueue(target.arn, { body: payload, ...(target.messageGroupId ? { messageGroupId: target.messageGroupId } : {}) });
        return;
      }
      case "sns": {
        const sink = await this.env.ports.get("MessageSink");
        await sink.publishToTopic(target.arn, { body: payload });
        return;
      }
      case "states": {
        const starter = await this.env.ports.get("ExecutionStarter");
        await starter.startExecution(scope, target.arn, payload);
        return;
      }
      case "events":
        if (!this.forwardToBus) throw new Error("no event bus forwarder");
        await this.forwardToBus(scope, target.arn, payload);
        return;
      default:
        throw Object.assign(new Error(`local-aws cannot deliver to ${target.arn}`), { code: "UnsupportedTarget" });
    }
  }

  private async deadLetter(row: DeliveryRow, target: DeliveryTarget, code: string, message: string, retries: number, condition: string): Promise<void> {
    if (!target.deadLetterArn) {
      this.env.log.warn({ target: target.arn, code, message }, "event delivery failed and dropped (no dead-letter queue)");
      return;
    }
    const s = (v: string): { DataType: string; StringValue: string } => ({ DataType: "String", StringValue: v });
    const attributes: Record<string, OutgoingMessageAttribute> =
      target.kind === "rule"
        ? { RULE_ARN: s(row.source_arn), TARGET_ARN: s(target.arn), ERROR_CODE: s(code), ERROR_MESSAGE: s(message.slice(0, 1024)), EXHAUSTED_RETRY_CONDITION: s(condition), RETRY_ATTEMPTS: s(String(retries)) }
        : {
            "X-Amz-Scheduler-Schedule-Arn": s(row.source_arn),
            "X-Amz-Scheduler-Target-Arn": s(target.arn),
            "X-Amz-Scheduler-Error-Code": s(code),
            "X-Amz-Scheduler-Error-Message": s(message.slice(0, 1024)),
            "X-Amz-Scheduler-Attempt": s(String(retries + 1)),
          };
    try {
      const sink = await this.env.ports.get("MessageSink");
      await sink.sendToQueue(target.deadLetterArn, { body: row.payload, attributes });
    } catch (err) {
      this.env.log.warn({ err, dlq: target.deadLetterArn }, "event could not be sent to its dead-letter queue");
    }
  }
}
