/**
 * Executions out of memory: a STANDARD execution in a long top-level Wait, or waiting at its top
 * level for a callback, is unwound and its resume point stays in SQLite; one durable job per
 * execution (`sfn-resume`, keyed by its ARN) brings it back at the due time, on the callback's
 * answer, or at its task, heartbeat or execution deadline.
 */
import type { Engine } from "./engine.js";
import { parsedDefinition } from "./definitions.js";
import type { ResumePoint, Run } from "./run.js";

const RESUME_JOB = "sfn-resume";

type ParkedTask = NonNullable<ResumePoint["task"]>;

export class Parking {
  constructor(private readonly engine: Engine) {
    const { env, tokens, store } = engine;
    env.jobs.handle<{ arn: string }>(RESUME_JOB, ({ arn }) => {
      const row = store.execution.get(arn);
      if (row?.status === "RUNNING" && !engine.live.has(arn)) void engine.resume(row, engine.mockFor(row));
    });
    tokens.onParkedAnswer = (arn) => env.jobs.schedule(RESUME_JOB, { arn }, { at: engine.wakeups.now(), key: arn });
    tokens.onParkedHeartbeat = (arn) => this.heartbeat(arn);
  }

  /** Resumes the execution at `at` (or at its execution timeout, if sooner). */
  park(run: Run, at: number): void {
    const timeout = run.timeoutAt;
    this.engine.env.jobs.schedule(RESUME_JOB, { arn: run.info.arn }, { at: timeout !== undefined ? Math.min(at, timeout) : at, key: run.info.arn });
  }

  parkTask(run: Run, task: ParkedTask): void {
    this.engine.tokens.markParked(task.token);
    this.scheduleTask(run.info.arn, task, run.timeoutAt);
  }

  cancel(arn: string): void {
    this.engine.env.jobs.cancel(RESUME_JOB, arn);
  }

  /** The executions a pending resume job will bring back (resumeAll leaves them out of memory). */
  parkedExecutions(): Set<string> {
    return new Set(this.engine.env.jobs.pending<{ arn: string }>(RESUME_JOB).map((j) => j.payload.arn));
  }

  /** The parked callback's next deadline (task timeout, heartbeat, execution timeout) resumes it. */
  private scheduleTask(arn: string, task: ParkedTask, executionTimeoutAt: number | undefined): void {
    const deadlines = [task.timeoutAt, task.heartbeatDue, executionTimeoutAt].filter((d): d is number => d !== undefined);
    if (deadlines.length > 0) this.engine.env.jobs.schedule(RESUME_JOB, { arn }, { at: Math.min(...deadlines), key: arn });
    else this.cancel(arn);
  }

  /** A heartbeat for a parked callback moves its deadline (saved in the resume point). */
  private heartbeat(arn: string): void {
    const { store, wakeups } = this.engine;
    const row = store.execution.get(arn);
    if (row?.status !== "RUNNING" || !row.state) return;
    const point = JSON.parse(row.state) as ResumePoint;
    if (!point.task || point.task.heartbeatSeconds === undefined) return;
    point.task.heartbeatDue = wakeups.now() + point.task.heartbeatSeconds * 1000;
    store.saveState.run(JSON.stringify(point), arn);
    const def = parsedDefinition(row.definition);
    const executionTimeout = typeof def.TimeoutSeconds === "number" ? row.started + def.TimeoutSeconds * 1000 : undefined;
    this.scheduleTask(arn, point.task, executionTimeout);
  }
}
