/**
 * Task tokens: callbacks (`.waitForTaskToken`) and activity tasks. A token is a row of sfn_tasks
 * until its task completes, so SendTask* work after a restart; an answer that arrives before the
 * execution starts waiting (a function calling SendTaskSuccess during its own invocation) is kept
 * until it does. Heartbeat and task timeouts are wake-ups on the clock.
 */
import { randomBytes } from "node:crypto";
import type { Json } from "../asl/json.js";
import { StatesError, statesErrors } from "../asl/states-error.js";
import type { SfnStore, TaskRow } from "../store.js";
import { Aborted } from "./interpreter.js";
import type { TokenWaiter } from "./run.js";
import type { RunTracker, Wakeup, Wakeups } from "./wakeups.js";

type Outcome = { ok: true; output: Json } | { ok: false; error: StatesError };

interface Waiter {
  settle(outcome: Outcome): void;
  heartbeat(): void;
}

export const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{60,}$/;

export class TokenRegistry implements TokenWaiter {
  private waiters = new Map<string, Waiter>();
  private early = new Map<string, Outcome>();
  private started = new Map<string, (worker: string | undefined) => void>();
  private pollers = new Map<string, Set<() => void>>();

  /** Set by the engine: a parked task got its answer, or a heartbeat. */
  onParkedAnswer: (execution: string) => void = () => {};
  onParkedHeartbeat: (execution: string) => void = () => {};

  constructor(
    private readonly store: SfnStore,
    private readonly wakeups: Wakeups,
    private readonly tracker: RunTracker,
  ) {}

  newToken(execution: string): string {
    const token = `AQ${randomBytes(66).toString("base64url")}`;
    this.store.insertTask.run(token, execution, null, null, "WAITING", this.wakeups.now());
    return token;
  }

  forget(token: string): void {
    this.store.deleteTask.run(token);
    this.early.delete(token);
    this.started.delete(token);
  }

  /** The open task behind `token`, if any. */
  task(token: string): TaskRow | undefined {
    return this.store.task.get(token);
  }

  /** Marks a callback task as waiting out of memory. */
  markParked(token: string): void {
    this.store.setTaskStatus.run("PARKED", null, token);
  }

  answered(token: string): boolean {
    return this.store.task.get(token)?.status === "DONE";
  }

  private storedOutcome(token: string): Outcome | undefined {
    const row = this.store.task.get(token);
    if (row?.status !== "DONE" || !row.input) return undefined;
    const saved = JSON.parse(row.input) as { ok: boolean; output?: Json; error?: string; cause?: string };
    return saved.ok ? { ok: true, output: saved.output ?? null } : { ok: false, error: new StatesError(saved.error ?? "", saved.cause ?? "") };
  }

  wait(token: string, options: { timeoutAt?: number; heartbeatSeconds?: number; heartbeatDue?: number; signal: AbortSignal }): Promise<Json> {
    const work = new Promise<Json>((resolve, reject) => {
      const timers: Wakeup[] = [];
      let heartbeatTimer: Wakeup | undefined;
      const finish = (outcome: Outcome): void => {
        if (!this.waiters.has(token)) return;
        this.waiters.delete(token);
        for (const t of timers) t.cancel();
        heartbeatTimer?.cancel();
        options.signal.removeEventListener("abort", onAbort);
        this.forget(token);
        if (outcome.ok) resolve(outcome.output);
        else reject(outcome.error);
      };
      let firstDue = options.heartbeatDue;
      const armHeartbeat = (): void => {
        heartbeatTimer?.cancel();
        if (options.heartbeatSeconds === undefined) return;
        const due = firstDue ?? this.wakeups.now() + options.heartbeatSeconds * 1000;
        firstDue = undefined;
        heartbeatTimer = this.wakeups.at(due, () =>
          finish({ ok: false, error: statesErrors.heartbeatTimeout() }),
        );
      };
      const onAbort = (): void => {
        this.waiters.delete(token);
        for (const t of timers) t.cancel();
        heartbeatTimer?.cancel();
        reject(new Aborted());
      };
      this.waiters.set(token, { settle: finish, heartbeat: armHeartbeat });
      if (options.timeoutAt !== undefined) timers.push(this.wakeups.at(options.timeoutAt, () => finish({ ok: false, error: statesErrors.timeout() })));
      armHeartbeat();
      if (options.signal.aborted) return onAbort();
      options.signal.addEventListener("abort", onAbort, { once: true });
      const early = this.early.get(token) ?? this.storedOutcome(token);
      if (early) finish(early);
    });
    return this.tracker.parked(work);
  }

  /** SendTaskSuccess/Failure: false when no open task has this token. */
  complete(token: string, outcome: Outcome): boolean {
    const waiter = this.waiters.get(token);
    if (waiter) {
      waiter.settle(outcome);
      return true;
    }
    const row = this.store.task.get(token);
    if (!row || row.status === "DONE" || this.early.has(token)) return false;
    if (row.status === "PARKED") {
      const saved = outcome.ok ? { ok: true, output: outcome.output } : { ok: false, error: outcome.error.error, cause: outcome.error.cause };
      this.store.setTaskStatus.run("DONE", JSON.stringify(saved), token);
      this.onParkedAnswer(row.execution);
      return true;
    }
    this.early.set(token, outcome);
    this.started.get(token)?.(undefined);
    return true;
  }

  heartbeat(token: string): boolean {
    const waiter = this.waiters.get(token);
    if (waiter) {
      waiter.heartbeat();
      return true;
    }
    const row = this.store.task.get(token);
    if (row?.status === "PARKED") this.onParkedHeartbeat(row.execution);
    return row !== undefined;
  }

  scheduleActivity(activityArn: string, token: string, input: Json, execution: string): void {
    this.store.insertTask.run(token, execution, activityArn, JSON.stringify(input), "QUEUED", this.wakeups.now());
    for (const poke of this.pollers.get(activityArn) ?? []) poke();
  }

  activityStarted(token: string): Promise<string | undefined> {
    return new Promise((resolve) => this.started.set(token, resolve));
  }

  /** GetActivityTask's claim: the oldest queued task of the activity, marked started. */
  claim(activityArn: string, workerName: string | undefined): TaskRow | undefined {
    for (let i = 0; i < 100; i++) {
      const task = this.store.nextActivityTask.get(activityArn);
      if (!task) return undefined;
      if (this.store.claimTask.run(task.token).changes === 0) continue;
      const started = this.started.get(task.token);
      this.started.delete(task.token);
      started?.(workerName);
      return task;
    }
    return undefined;
  }

  /** Calls `poke` whenever a task is queued for the activity, until the returned function is called. */
  watch(activityArn: string, poke: () => void): () => void {
    let set = this.pollers.get(activityArn);
    if (!set) this.pollers.set(activityArn, (set = new Set()));
    set.add(poke);
    return () => set.delete(poke);
  }
}
