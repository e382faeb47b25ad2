/**
 * Every wait of an execution (Wait states, retry backoff, task timeouts, heartbeats, activity
 * polls) is a wake-up at a due time on the core clock. This is the one place that arms them, so
 * moving to core's durable jobs is a change to this file alone. Durability does not depend on it:
 * an execution's resume point (with its due time) is in SQLite, and `Engine.resumeAll` re-arms
 * every parked execution at start-up.
 */
import type { EventBus } from "../../core/bus.js";
import type { Clock } from "../../core/clock.js";

export interface Wakeup {
  cancel(): void;
}

export interface Wakeups {
  now(): number;
  at(dueAt: number, fn: () => void): Wakeup;
}

export function clockWakeups(clock: Clock): Wakeups {
  return {
    now: () => clock.now(),
    at: (dueAt, fn) => clock.setTimer(dueAt, fn),
  };
}

/**
 * Counts executions that have runnable work. While any does, the bus sees one pending promise,
 * so `settle` (and the virtual clock's advance) waits for runnable steps but not for timers or
 * callbacks: an execution parked on those leaves the count.
 */
export class RunTracker {
  private busy = 0;
  private release: (() => void) | undefined;
  constructor(private readonly bus: EventBus) {}

  enter(): void {
    if (this.busy++ === 0) this.bus.track(new Promise<void>((resolve) => (this.release = resolve)));
  }

  /** Deferred a turn so that a parent resuming on its child's last step is counted first. */
  leave(): void {
    setImmediate(() => {
      if (--this.busy === 0) {
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
