/**
 * Durable jobs: one table of work due at a time on the core clock (a retry, a wake-up, a timeout).
 * A job is scheduled in the caller's transaction, survives a crash, and is armed again at start-up;
 * the scheduler holds one clock timer, for the earliest due job. A job runs at least once: it is
 * deleted only after its handler returns; a handler that throws is logged and retried with backoff.
 * With the virtual clock, `advance` runs due jobs one at a time in due-time order (then by
 * scheduling order), each with `now()` at its due time; on the real clock due jobs run side by side.
 */
import type { EventBus } from "../bus.js";
import type { Clock, TimerHandle } from "../clock.js";
import type { Stmt, Store } from "../db.js";
import type { Logger } from "../logger.js";

export interface Job<P = unknown> {
  id: number;
  owner: string;
  kind: string;
  payload: P;
  dueAt: number;
  /** 0 on the first run, then 1, 2, ... after each failure. */
  attempt: number;
}

export interface ScheduleOptions {
  /** Clock time to run at (default: now). */
  at?: number;
  /** Or: milliseconds from now. */
  delayMs?: number;
  /** At most one job per (service, kind, key): scheduling again replaces it; `cancel` takes the key. */
  key?: string;
}

export interface JobKindOptions {
  /** After this many failed runs the job is logged as abandoned and deleted (default: never). */
  maxAttempts?: number;
  /** Delay before the next run after `attempt` failures (default 1 s doubling, at most 5 min). */
  backoffMs?(attempt: number): number;
}

export type JobHandler<P> = (payload: P, job: Job<P>) => void | Promise<void>;

/** What a service sees (`env.jobs`): kinds and keys are scoped to it. */
export interface ServiceJobs {
  /** Registers the handler of a kind (at `start`; jobs of a kind without a handler wait for one). */
  handle<P>(kind: string, handler: JobHandler<P>, options?: JobKindOptions): void;
  /** Schedules a job; call it inside the transaction of the change it belongs to. Returns its id. */
  schedule<P>(kind: string, payload: P, options?: ScheduleOptions): number;
  /** Cancels the job of `kind` with `key` (or the job with that id); true if there was one. */
  cancel(kind: string, keyOrId: string | number): boolean;
  /** Pending jobs of a kind, by due time. */
  pending<P>(kind: string): Job<P>[];
}

interface JobRow {
  id: number;
  owner: string;
  kind: string;
  payload: string;
  due_at: number;
  attempt: number;
}

interface Registered {
  handler: JobHandler<unknown>;
  options: JobKindOptions;
}

const DUE_BATCH = 100;

export function defaultBackoffMs(attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export class JobScheduler {
  /** Set by the registry: loads the service that owns a job whose kind has no handler yet. */
  loadOwner: (owner: string) => Promise<void> = async () => {};
  private handlers = new Map<string, Registered>();
  private running = new Set<number>();
  private armed?: TimerHandle;
  private closed = false;
  private readonly sql: {
    insert: Stmt;
    due: Stmt<JobRow>;
    next: Stmt<{ id: number; due_at: number }>;
    remove: Stmt;
    retry: Stmt;
    cancelKey: Stmt;
    cancelId: Stmt;
    pending: Stmt<JobRow>;
  };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {
    this.createTable();
    this.sql = {
      insert: store.stmt("INSERT OR REPLACE INTO core_jobs (owner, kind, job_key, payload, due_at, attempt) VALUES (?, ?, ?, ?, ?, 0)"),
      due: store.stmt<JobRow>(`SELECT id, owner, kind, payload, due_at, attempt FROM core_jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ${DUE_BATCH}`),
      next: store.stmt<{ id: number; due_at: number }>("SELECT id, due_at FROM core_jobs ORDER BY due_at, id LIMIT ?"),
      remove: store.stmt("DELETE FROM core_jobs WHERE id = ?"),
      retry: store.stmt("UPDATE core_jobs SET due_at = ?, attempt = ? WHERE id = ?"),
      cancelKey: store.stmt("DELETE FROM core_jobs WHERE owner = ? AND kind = ? AND job_key = ?"),
      cancelId: store.stmt("DELETE FROM core_jobs WHERE owner = ? AND kind = ? AND id = ?"),
      pending: store.stmt<JobRow>("SELECT id, owner, kind, payload, due_at, attempt FROM core_jobs WHERE owner = ? AND kind = ? ORDER BY due_at, id"),
    };
    bus.onSettle(() => this.runDueNow());
  }

  private createTable(): void {
    this.store.exec(`
      CREATE TABLE IF NOT EXISTS core_jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, kind TEXT NOT NULL, job_key TEXT,
        payload TEXT NOT NULL, due_at INTEGER NOT NULL, attempt INTEGER NOT NULL, UNIQUE (owner, kind, job_key));
      CREATE INDEX IF NOT EXISTS core_jobs_by_due ON core_jobs (due_at, id);`);
  }

  forOwner(owner: string): ServiceJobs {
    return {
      handle: (kind, handler, options = {}) => {
        this.handlers.set(`${owner}\u0000${kind}`, { handler: handler as JobHandler<unknown>, options });
        // Jobs of this kind may have waited for their handler (the service was loading).
        void this.bus.track(Promise.resolve().then(() => this.runDueNow()));
      },
      schedule: (kind, payload, options = {}) => this.schedule(owner, kind, payload, options),
      cancel: (kind, keyOrId) => (typeof keyOrId === "number" ? this.sql.cancelId.run(owner, kind, keyOrId) : this.sql.cancelKey.run(owner, kind, keyOrId)).changes > 0,
      pending: <P>(kind: string) => this.sql.pending.all(owner, kind).map((r) => toJob<P>(r)),
    };
  }

  schedule(owner: string, kind: string, payload: unknown, options: ScheduleOptions = {}): number {
    const dueAt = options.at ?? this.clock.now() + (options.delayMs ?? 0);
    const id = Number(this.sql.insert.run(owner, kind, options.key ?? null, JSON.stringify(payload ?? null), dueAt).lastInsertRowid);
    this.armAt(dueAt);
    return id;
  }

  /** Arms the timer for the earliest job not running now (start-up, after restore/reset, after a run). */
  arm(): void {
    const next = this.sql.next.all(this.running.size + 1).find((r) => !this.running.has(r.id));
    if (next) this.armAt(next.due_at);
  }

  afterRestore(): void {
    this.armed?.cancel();
    this.armed = undefined;
    this.createTable();
    this.running.clear();
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.armed?.cancel();
    this.armed = undefined;
  }

  private armAt(dueAt: number): void {
    if (this.closed || (this.armed && this.armed.dueAt <= dueAt)) return;
    this.armed?.cancel();
    const timer = this.clock.setTimer(dueAt, async () => {
      if (this.armed === timer) this.armed = undefined;
      await this.runDue();
      this.arm();
    });
    this.armed = timer;
  }

  /** The settle hook: starts jobs already due (a delay of 0, or overdue after a restart). */
  private async runDueNow(): Promise<boolean> {
    if (this.closed) return false;
    const started = await this.runDue();
    this.arm();
    return started;
  }

  /** Runs the jobs due now, in due order; true if it started any. */
  private async runDue(): Promise<boolean> {
    const due = this.sql.due.all(this.clock.now()).filter((r) => !this.running.has(r.id));
    for (const row of due) {
      this.running.add(row.id);
      const run = this.bus.track(
        this.run(row).finally(() => {
          this.running.delete(row.id);
          this.arm();
        }),
      );
      if (this.clock.virtual) await run;
    }
    return due.length > 0;
  }

  private async run(row: JobRow): Promise<void> {
    const id = `${row.owner}\u0000${row.kind}`;
    if (!this.handlers.has(id)) await this.loadOwner(row.owner).catch((err: unknown) => this.logger.error({ err, owner: row.owner }, "loading a job's service failed"));
    const registered = this.handlers.get(id);
    const job = toJob(row);
    try {
      if (!registered) throw new Error(`no handler for job kind ${row.kind} of ${row.owner}`);
      await registered.handler(job.payload, job);
      this.sql.remove.run(row.id);
    } catch (err) {
      const attempt = row.attempt + 1;
      const options = registered?.options ?? {};
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) {
        this.logger.error({ err, owner: row.owner, kind: row.kind, jobId: row.id, attempts: attempt }, "job failed for the last time; abandoned");
        this.sql.remove.run(row.id);
        return;
      }
      const delay = (options.backoffMs ?? defaultBackoffMs)(attempt);
      this.logger.error({ err, owner: row.owner, kind: row.kind, jobId: row.id, attempt, retryInMs: delay }, "job failed; retrying");
      this.sql.retry.run(this.clock.now() + delay, attempt, row.id);
      this.armAt(this.clock.now() + delay);
    }
  }
}

function toJob<P>(row: JobRow): Job<P> {
  return { id: row.id, owner: row.owner, kind: row.kind, payload: JSON.parse(row.payload) as P, dueAt: row.due_at, attempt: row.attempt };
}
