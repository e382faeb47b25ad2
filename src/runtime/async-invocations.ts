/**
 * Asynchronous invocations (Invoke with `Event`, S3 notifications, destinations): persisted in the
 * store before the 202, run when due, retried on the clock as AWS does — throttles and system
 * errors with backoff from 1 s doubling to 5 minutes until MaximumEventAgeInSeconds, function
 * errors MaximumRetryAttempts times (1 minute, then 2 minutes apart) — then handed to the
 * dead-letter target and destinations.
 */
import type { TimerHandle } from "../core/clock.js";
import { isAwsError } from "../core/errors.js";
import { uuid } from "../core/ids.js";
import { deliverOutcome, type EventInvokeConfig, type Finished } from "./destinations.js";
import type { ResolvedFunction, Runtime } from "./runtime.js";
import type { AsyncRow } from "./store.js";

const DEFAULT_MAX_AGE_S = 21_600;
const DEFAULT_RETRIES = 2;
const MAX_BACKOFF_MS = 300_000;

export function enqueueAsync(rt: Runtime, f: ResolvedFunction, payload: string, source: string, requestId = uuid()): string {
  const now = rt.env.clock.now();
  rt.stmts.insertAsync.run(uuid(), f.scope.accountId, f.scope.region, f.name, f.qualifier ?? "$LATEST", Buffer.from(payload, "utf8"), requestId, now, now, source);
  rt.asyncQueue.arm(now);
  return requestId;
}

export function invokeConfigFor(rt: Runtime, f: ResolvedFunction): EventInvokeConfig | undefined {
  const row = rt.stmts.getInvokeConfig.get(f.scope.accountId, f.scope.region, f.name, f.qualifier ?? "$LATEST");
  return row ? (JSON.parse(row.config) as EventInvokeConfig) : undefined;
}

export class AsyncQueue {
  private running = new Set<string>();
  private timer?: TimerHandle;

  constructor(private readonly rt: Runtime) {}

  /** Makes sure something wakes up at `dueAt`. */
  arm(dueAt: number): void {
    if (this.timer && this.timer.dueAt <= dueAt) return;
    this.timer?.cancel();
    this.timer = this.rt.env.clock.setTimer(dueAt, () => {
      this.timer = undefined;
      this.runDue();
    });
  }

  /** Re-arms from the store (after start, restore or reset). */
  rearm(): void {
    this.timer = undefined;
    this.running.clear();
    const next = this.rt.stmts.nextAsyncDue.get()?.due;
    if (next !== null && next !== undefined) this.arm(next);
  }

  /** Starts every due invocation not already running; true if it started any (a settle hook). */
  runDue(): boolean {
    const now = this.rt.env.clock.now();
    let started = false;
    for (const row of this.rt.stmts.dueAsync.all(now)) {
      if (this.running.has(row.id)) continue;
      this.running.add(row.id);
      started = true;
      void this.rt.env.bus.track(this.process(row).finally(() => this.running.delete(row.id)));
    }
    const next = this.rt.stmts.nextAsyncDue.get()?.due;
    if (next !== null && next !== undefined && next > now) this.arm(next);
    return started;
  }

  private async process(row: AsyncRow): Promise<void> {
    const rt = this.rt;
    const scope = { accountId: row.account, region: row.region };
    let f: ResolvedFunction;
    try {
      f = rt.resolve(scope, row.name, row.qualifier === "$LATEST" ? undefined : row.qualifier);
    } catch {
      rt.stmts.deleteAsync.run(row.id); // the function is gone: AWS drops its queued events too
      return;
    }
    const config = invokeConfigFor(rt, f);
    const maxAgeMs = (config?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
    const maxRetries = config?.MaximumRetryAttempts ?? DEFAULT_RETRIES;
    const payload = row.payload.toString("utf8");
    const now = rt.env.clock.now();
    const finish = async (done: Omit<Finished, "f" | "requestId" | "payload">): Promise<void> => {
      rt.stmts.deleteAsync.run(row.id);
      await deliverOutcome(rt, { f, requestId: row.request_id, payload, ...done }, config);
    };
    try {
      const result = await rt.invoke(f, payload, { invocationType: "Event", requestId: row.request_id });
      const attempts = row.attempts + 1;
      if (!result.functionError) return finish({ attempts, response: { payload: result.text } });
      const response = { payload: result.text, error: result.error, functionError: result.functionError };
      if (row.attempts >= maxRetries) return finish({ attempts, condition: "RetriesExhausted", response });
      const due = rt.env.clock.now() + (row.attempts === 0 ? 60_000 : 120_000);
      if (due - row.first_at > maxAgeMs) return finish({ attempts, condition: "EventAgeExceeded", response });
      rt.stmts.rescheduleAsync.run(attempts, row.throttles, due, row.id);
      this.arm(due);
    } catch (err) {
      // Throttled, or the invocation could not start: back off and try again until too old.
      if (!isAwsError(err)) rt.env.log.warn({ err, fn: row.name }, "asynchronous invocation failed to start");
      const delay = Math.min(1000 * 2 ** row.throttles, MAX_BACKOFF_MS);
      const due = now + delay;
      if (due - row.first_at > maxAgeMs) return finish({ attempts: row.attempts, condition: "EventAgeExceeded" });
      rt.stmts.rescheduleAsync.run(row.attempts, row.throttles + 1, due, row.id);
      this.arm(due);
    }
  }
}
