/**
 * Every wait of an execution (Wait states, retry backoff, task timeouts, heartbeats, execution
 * timeouts) is a wake-up at a due time on the core clock, armed here and nowhere else: a core
 * durable job (`sfn-wake`) per wake-up. The job carries only a key; what to resume lives in the
 * execution's resume point in SQLite, and `Engine.resumeAll` re-arms every parked execution at
 * start-up (a job left from before a restart finds no waiter and does nothing).
 */
import { randomUUID } from "node:crypto";
import type { EventBus } from "../../core/bus.js";
import type { Clock } from "../../core/clock.js";
import type { ServiceJobs } from "../../core/jobs/jobs.js";

export interface Wakeup {
  cancel(): void;
}

export interface Wakeups {
  now(): number;
  at(dueAt: number, fn: () => void): Wakeup;
}

export const WAKE_JOB = "sfn-wake";

export function jobWakeups(clock: Clock, jobs: ServiceJobs): Wakeups {
  const waiting = new Map<string, () => void>();
  const boot = randomUUID().slice(0, 8);
  let seq = 0;
  jobs.handle<{ key: string }>(WAKE_JOB, (payload) => {
    const fn = waiting.get(payload.key);
    waiting.delete(payload.key);
    fn?.();
  });
  return {
    now: () => clock.now(),
    at(dueAt, fn) {
      const key = `${boot}-${++seq}`;
      waiting.set(key, fn);
      jobs.schedule(WAKE_JOB, { key }, { at: dueAt, key });
      return {
        cancel: () => {
          if (waiting.delete(key)) jobs.cancel(WAKE_JOB, key);
        },
      };
    },
  };
}

/**
 * Counts executions that have runnable work. While any does, the bus sees one pending promise,
 * so `settle` (and the virtual clock's advance) waits for runnable steps but not for timers or
 * callbacks: an execution parked on those leaves the count.
 */
export class RunTracker {
  private busy = 0;
  private leaving = 0;
  private release: (() => void) | undefined;
  constructor(private readonly bus: EventBus) {}

  enter(): void {
    if (this.busy++ === 0) this.bus.track(new Promise<void>((resolve) => (this.release = resolve)));
  }

  /**
   * Deferred a turn so that a parent resuming on its child's last step is counted first; the leaves
   * of one turn share one setImmediate (one per execution was measurable).
   */
  leave(): void {
    if (this.leaving++ > 0) return;
    setImmediate(() => {
      this.busy -= this.leaving;
      this.leaving = 0;
      if (this.busy === 0) {
        const release = this.release;
        this.release = undefined;
        release?.();
      }
    });
  }

  /** Awaits `work` without counting as runnable meanwhile. */
  async parked<T>(work: Promise<T>): Promise<T> {
    this.leave();
    try {
      return await work;
    } finally {
      this.enter();
    }
  }
}
