/**
 * The one clock of the process. Every timer of every service (TTL sweeps, visibility timeouts,
 * retry backoff, cron, idle environments) waits through `setTimer`, so a ManualClock can drive
 * them all. The only module allowed to touch Date.now/setTimeout (a lint rule enforces it).
 */

export interface TimerHandle {
  cancel(): void;
  readonly dueAt: number;
}

export interface Clock {
  readonly virtual: boolean;
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Runs `fn` once `now()` reaches `dueAt`. */
  setTimer(dueAt: number, fn: () => void | Promise<void>): TimerHandle;
  /** Resolves at `dueAt` (or when `signal` aborts, whichever first). */
  sleepUntil(dueAt: number, signal?: AbortSignal): Promise<void>;
  /** Cancels every pending timer (state was restored or reset: services re-arm theirs). */
  cancelAll(): void;
}

const MAX_NODE_DELAY = 2_147_483_647;

export class SystemClock implements Clock {
  readonly virtual = false;
  private live = new Set<TimerHandle>();
  cancelAll(): void {
    for (const t of [...this.live]) t.cancel();
  }
  now(): number {
    return Date.now();
  }
  setTimer(dueAt: number, fn: () => void | Promise<void>): TimerHandle {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const timer: TimerHandle = {
      dueAt,
      cancel: () => {
        cancelled = true;
        this.live.delete(timer);
        if (handle) clearTimeout(handle);
      },
    };
    const arm = (): void => {
      const delay = Math.max(0, dueAt - Date.now());
      handle = setTimeout(() => {
        if (cancelled) return;
        if (Date.now() < dueAt) return arm();
        this.live.delete(timer);
        void Promise.resolve().then(fn).catch(reportTimerError);
      }, Math.min(delay, MAX_NODE_DELAY));
      handle.unref?.();
    };
    arm();
    this.live.add(timer);
    return timer;
  }
  sleepUntil(dueAt: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, dueAt, signal);
  }
}

interface PendingTimer {
  dueAt: number;
  seq: number;
  fn: () => void | Promise<void>;
  cancelled: boolean;
}

/**
 * Time moves only when asked. `advance`/`set` run every timer that falls due in time order, with
 * `now()` equal to the timer's due time while it runs, awaiting each (and `settle`, if given).
 */
export class ManualClock implements Clock {
  readonly virtual = true;
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];
  private moving: Promise<void> = Promise.resolve();
  /** Called after each fired timer so that the work it started finishes at that instant. */
  settle: () => Promise<void> = async () => {};

  constructor(start: number = Date.now()) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  setTimer(dueAt: number, fn: () => void | Promise<void>): TimerHandle {
    const timer: PendingTimer = { dueAt, seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return {
      dueAt,
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }
  sleepUntil(dueAt: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, dueAt, signal);
  }
  /** Number of timers waiting (for diagnostics and tests). */
  pendingTimers(): number {
    return this.timers.length;
  }
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError("advance takes a non-negative number of milliseconds");
    return this.serialize(() => this.runUntil(this.current + ms));
  }
  set(time: number): Promise<void> {
    return this.serialize(async () => {
      if (time < this.current) {
        this.current = time;
        return;
      }
      await this.runUntil(time);
    });
  }
  cancelAll(): void {
    this.timers = [];
  }

  private serialize(step: () => Promise<void>): Promise<void> {
    const next = this.moving.then(step, step);
    this.moving = next.catch(() => {});
    return next;
  }

  private async runUntil(target: number): Promise<void> {
    await this.settle();
    for (;;) {
      const due = this.nextDue(target);
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.dueAt > this.current) this.current = due.dueAt;
      try {
        await due.fn();
      } catch (err) {
        reportTimerError(err);
      }
      await this.settle();
    }
    this.current = Math.max(this.current, target);
  }

  private nextDue(target: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.dueAt > target) continue;
      if (!best || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

function sleepOn(clock: Clock, dueAt: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = clock.setTimer(dueAt, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    const onAbort = (): void => {
      timer.cancel();
      resolve();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

let timerErrorReporter: (err: unknown) => void = (err) => {
  console.error("local-aws: a timer callback failed", err);
};
export function onTimerError(report: (err: unknown) => void): void {
  timerErrorReporter = report;
}
function reportTimerError(err: unknown): void {
  timerErrorReporter(err);
}

/**
 * Real elapsed time, for the few things AWS measures in wall time even when the emulator's clock
 * is virtual (a Lambda handler's Timeout and getRemainingTimeInMillis, shutdown grace periods,
 * benchmarks).
 */
export const realTime = {
  now: (): number => Date.now(),
  monotonicMs: (): number => performance.now(),
  after(ms: number, fn: () => void): { cancel(): void } {
    const h = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(h) };
  },
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  },
  every(ms: number, fn: () => void): { cancel(): void } {
    const h = setInterval(fn, ms);
    h.unref?.();
    return { cancel: () => clearInterval(h) };
  },
};

/** The wall-clock Date for a clock reading. */
export function dateAt(clock: Clock): Date {
  return new Date(clock.now());
}
