/**
 * Executions: start, run, finish, stop, resume after a restart. One Engine per server (tests run
 * several in one process): the service's state (state.ts).
 */
import { randomUUID } from "node:crypto";
import type { ServiceEnv } from "../../core/service.js";
import { isObject, parseJson, type Json, type JsonObject } from "../asl/json.js";
import { asStatesError, statesErrors } from "../asl/states-error.js";
import type { QueryLanguage } from "../asl/validate.js";
import { putObject } from "../integrations/s3-writer.js";
import { SfnStore, type ExecutionRow } from "../store.js";
import { deliverExecutionLog, executionLogging, type ExecutionLogging } from "./execution-logs.js";
import { History, withData } from "./history.js";
import { loadMockCase } from "../mock-config.js";
import { Aborted, Parked, runWorkflow, STOPPED } from "./interpreter.js";
import type { EngineServices, ExecutionInfo, Integrations, MockedResult, ResumePoint, Run } from "./run.js";
import { frameStore } from "./frames.js";
import { TokenRegistry } from "./tokens.js";
import { jobWakeups, RunTracker, type Wakeups } from "./wakeups.js";
import { Parking } from "./parking.js";
import { MapRuns } from "./map-runs.js";
import { emitStatusChange } from "./status-events.js";
import { parsedDefinition, waitTimeScale } from "./definitions.js";

export interface StartRequest {
  accountId: string;
  region: string;
  machineArn: string;
  machineName: string;
  type: "STANDARD" | "EXPRESS";
  definition: string;
  roleArn: string;
  versionArn?: string;
  aliasArn?: string;
  name: string;
  input: string;
  /** `input` already parsed (StartExecution checked it). */
  parsedInput?: Json;
  traceHeader?: string;
  parent?: string;
  mock?: Record<string, Record<string, MockedResult>>;
  mockCase?: string;
  /** The machine's loggingConfiguration, when it is not OFF. */
  logging?: ExecutionLogging;
  /** A child execution of a distributed Map's Map Run, for item `index`. */
  mapRun?: { arn: string; index: number };
}

export interface Outcome {
  /** PARKED: the run left memory (a long Wait) and will be resumed by a job; not an end. */
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PARKED";
  output?: string;
  error?: string;
  cause?: string;
  stopDate: number;
  history: History;
}

interface Live {
  controller: AbortController;
  timedOut: boolean;
  done: Promise<Outcome>;
}

const MAX_PAYLOAD = 256 * 1024;

export class Engine {
  readonly store: SfnStore;
  readonly wakeups: Wakeups;
  readonly tracker: RunTracker;
  readonly tokens: TokenRegistry;
  readonly parking: Parking;
  readonly mapRuns: MapRuns = new MapRuns(this);
  readonly live = new Map<string, Live>();
  /** Callers of `completion` waiting for an execution that is parked out of memory. */
  private ending = new Map<string, (() => void)[]>();
  readonly services: EngineServices;
  /** The next execution's list position (read from the store once, after start or a restore). */
  private seq = 0;

  constructor(
    readonly env: ServiceEnv,
    integrations: (engine: Engine) => Integrations,
  ) {
    this.store = new SfnStore(env.store);
    this.wakeups = jobWakeups(env.clock, env.jobs);
    this.tracker = new RunTracker(env.bus);
    this.tokens = new TokenRegistry(this.store, this.wakeups, this.tracker);
    this.parking = new Parking(this);
    this.services = {
      wakeups: this.wakeups,
      tracker: this.tracker,
      integrations: integrations(this),
      tokens: this.tokens,
      waitScale: waitTimeScale(env),
      park: (run, at) => this.parking.park(run, at),
      parkTask: (run, task) => this.parking.parkTask(run, task),
      objects: () => env.ports.get("ObjectReader"),
      runMap: (req) => this.mapRuns.run(req),
      listObjects: async (scope, bucket, prefix) => (await env.ports.get("ObjectWriter")).listObjects(scope, bucket, prefix),
      writeObject: (scope, bucket, key, body) => putObject(env.endpoint(), scope, bucket, key, body),
    };
  }

  mockFor(row: ExecutionRow): StartRequest["mock"] {
    return row.mock_case ? loadMockCase(this.env.settings, row.machine_arn.split(":")[6] ?? "", row.mock_case) : undefined;
  }

  executionArn(req: Pick<StartRequest, "accountId" | "region" | "machineName" | "name" | "type">): string {
    if (req.type === "EXPRESS") return `arn:aws:states:${req.region}:${req.accountId}:express:${req.machineName}:${req.name}:${randomUUID()}`;
    return `arn:aws:states:${req.region}:${req.accountId}:execution:${req.machineName}:${req.name}`;
  }

  /** Starts an execution; `done` settles when it finishes. */
  start(req: StartRequest): { arn: string; startDate: number; done: Promise<Outcome> } {
    const arn = this.executionArn(req);
    const startDate = this.wakeups.now();
    const info: ExecutionInfo = {
      arn,
      name: req.name,
      machineArn: req.machineArn,
      machineName: req.machineName,
      roleArn: req.roleArn,
      startTime: startDate,
      input: req.parsedInput !== undefined ? req.parsedInput : parseJson(req.input),
      redriveCount: 0,
      type: req.type,
      accountId: req.accountId,
      region: req.region,
      parent: req.parent,
    };
    const standard = req.type === "STANDARD";
    if (standard) {
      if (this.seq === 0) this.seq = this.store.nextExecutionSeq.get()!.seq;
      this.store.store.txn(() => {
        this.store.insertExecution.run({
          arn,
          seq: this.seq++,
          machine_arn: req.machineArn,
          version_arn: req.versionArn ?? null,
          alias_arn: req.aliasArn ?? null,
          name: req.name,
          type: req.type,
          input: req.input,
          started: startDate,
          definition: req.definition,
          role_arn: req.roleArn,
          trace_header: req.traceHeader ?? null,
          parent: req.parent ?? null,
          mock_case: req.mockCase ?? null,
          map_run: req.mapRun?.arn ?? null,
          map_index: req.mapRun?.index ?? null,
        });
        emitStatusChange(this.env, this.store.execution.get(arn)!, startDate);
      });
    }
    const history = new History(() => this.wakeups.now(), standard ? { store: this.store, execution: arn } : undefined, 0, standard || req.logging !== undefined);
    if (history.recording) {
      const started: Record<string, unknown> = { ...withData("input", info.input), roleArn: req.roleArn };
      if (req.aliasArn) started.stateMachineAliasArn = req.aliasArn;
      if (req.versionArn) started.stateMachineVersionArn = req.versionArn;
      history.add("ExecutionStarted", started, 0);
    } else history.add("ExecutionStarted", undefined, 0);
    const done = this.run(info, parsedDefinition(req.definition), history, undefined, req.mock, req.logging);
    return { arn, startDate, done };
  }

  /** Runs (or resumes) an execution to its end. */
  private run(info: ExecutionInfo, def: JsonObject, history: History, resume: ResumePoint | undefined, mock: StartRequest["mock"], logging?: ExecutionLogging): Promise<Outcome> {
    const controller = new AbortController();
    const standard = info.type === "STANDARD";
    const live: Live = { controller, timedOut: false, done: Promise.resolve(undefined as unknown as Outcome) };
    const run: Run = {
      info,
      history,
      signal: controller.signal,
      services: this.services,
      persistent: standard,
      checkpoint: standard ? (point) => this.store.saveState.run(JSON.stringify(point), info.arn) : () => {},
      frames: standard ? frameStore(this.store, info.arn) : undefined,
      mock,
      mockCalls: new Map(Object.entries(resume?.mockCalls ?? {})),
    };
    const language: QueryLanguage = def.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
    const frame = {
      run,
      language,
      variables: { ...(resume?.variables ?? {}) },
      retries: new Map(Object.entries(resume?.retries ?? {})),
      top: true,
      path: "",
      resume,
      prev: resume?.enteredEventId ?? history.count,
    };
    run.timeoutAt = typeof def.TimeoutSeconds === "number" ? info.startTime + def.TimeoutSeconds * 1000 : undefined;
    const timeout =
      run.timeoutAt !== undefined
        ? this.wakeups.at(run.timeoutAt, () => {
            live.timedOut = true;
            controller.abort(STOPPED);
          })
        : undefined;
    // A parked execution resumed at (or after) its deadline times out before running a step.
    if (run.timeoutAt !== undefined && run.timeoutAt <= this.wakeups.now()) {
      live.timedOut = true;
      controller.abort(STOPPED);
    }
    this.tracker.enter();
    let succeeded = false;
    live.done = (async (): Promise<Outcome> => {
      try {
        const output = await runWorkflow(def, info.input, frame);
        const text = JSON.stringify(output);
        if (Buffer.byteLength(text) > MAX_PAYLOAD) throw statesErrors.dataLimitExceeded("The state/task returned a result with a size exceeding the maximum number of bytes service limit.");
        history.add("ExecutionSucceeded", history.recording ? withData("output", output) : undefined, frame.prev);
        succeeded = true;
        return this.finish(info, { status: "SUCCEEDED", output: text, stopDate: this.wakeups.now(), history });
      } catch (err) {
        if (err instanceof Parked) return { status: "PARKED", stopDate: 0, history };
        if (err instanceof Aborted || controller.signal.aborted) {
          if (live.timedOut) {
            history.add("ExecutionTimedOut", { error: "States.Timeout", cause: "" }, frame.prev);
            return this.finish(info, { status: "TIMED_OUT", error: "States.Timeout", cause: "", stopDate: this.wakeups.now(), history });
          }
          // Stopped by StopExecution (which wrote the outcome), or abandoned: the store was restored or closed.
          const row = standard && this.store.store.raw.open ? this.store.execution.get(info.arn) : undefined;
          return { status: "ABORTED", stopDate: row?.stopped ?? this.wakeups.now(), error: row?.error ?? undefined, cause: row?.cause ?? undefined, history };
        }
        const failure = asStatesError(err);
        history.add("ExecutionFailed", { error: failure.error, cause: failure.cause }, frame.prev);
        return this.finish(info, { status: "FAILED", error: failure.error, cause: failure.cause, stopDate: this.wakeups.now(), history });
      } finally {
        timeout?.cancel();
        // A run that succeeded awaited all its work: nothing listens any more (aborting costs an event dispatch).
        if (!succeeded) controller.abort(STOPPED);
        this.live.delete(info.arn);
        this.tracker.leave();
      }
    })();
    if (logging)
      void live.done.then((outcome) => {
        if (outcome.status !== "PARKED") void this.env.bus.track(deliverExecutionLog(this.env, this.store, info, history, outcome.status, logging));
      });
    // A run that fails unexpectedly (its store closed under it) must not become an unhandled rejection.
    live.done.catch((err: unknown) => this.env.log.warn({ err, execution: info.arn }, "a Step Functions execution stopped with an internal error"));
    this.live.set(info.arn, live);
    return live.done;
  }

  private finish(info: ExecutionInfo, outcome: Outcome): Outcome {
    if (info.type === "STANDARD") {
      this.store.store.txn(() => {
        const changed = this.store.finishExecution.run(outcome.status, outcome.output ?? null, outcome.error ?? null, outcome.cause ?? null, outcome.stopDate, info.arn).changes > 0;
        this.store.deleteTasksOf.run(info.arn);
        this.store.dropFramesOf.run(info.arn);
        if (changed) emitStatusChange(this.env, this.store.execution.get(info.arn)!, outcome.stopDate);
      });
      this.ended(info.arn);
    }
    this.mapRuns.parentEnded(info.arn);
    return outcome;
  }

  private ended(arn: string): void {
    const waiters = this.ending.get(arn);
    this.ending.delete(arn);
    for (const w of waiters ?? []) w();
  }


  /** StopExecution: ends the run where it is; false when the execution is not running. */
  stop(arn: string, error: string | undefined, cause: string | undefined): number | undefined {
    const row = this.store.execution.get(arn);
    if (!row || row.status !== "RUNNING") return undefined;
    const now = this.wakeups.now();
    const last = this.store.lastEventId.get(arn)?.id ?? 0;
    this.store.store.txn(() => {
      this.store.finishExecution.run("ABORTED", null, error ?? null, cause ?? null, now, arn);
      this.store.insertEvent.run(arn, last + 1, "ExecutionAborted", now, last, JSON.stringify({ ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) }));
      this.store.deleteTasksOf.run(arn);
      this.store.dropFramesOf.run(arn);
      emitStatusChange(this.env, this.store.execution.get(arn)!, now);
    });
    this.parking.cancel(arn);
    this.live.get(arn)?.controller.abort(STOPPED);
    this.mapRuns.parentEnded(arn);
    this.ended(arn);
    return now;
  }

  /** Settles when the execution ends (immediately for one that already has). */
  async completion(arn: string): Promise<ExecutionRow | undefined> {
    for (;;) {
      const live = this.live.get(arn);
      if (live && (await live.done).status !== "PARKED") return this.store.execution.get(arn);
      const row = this.store.execution.get(arn);
      if (!row || row.status !== "RUNNING") return row;
      if (this.live.has(arn)) continue;
      await new Promise<void>((resolve) => {
        const list = this.ending.get(arn) ?? [];
        list.push(resolve);
        this.ending.set(arn, list);
      });
    }
  }

  isRunning(arn: string): boolean {
    return this.live.has(arn);
  }

  /** Resumes every RUNNING STANDARD execution but those parked until a due resume job. */
  resumeAll(): void {
    const parked = this.parking.parkedExecutions();
    for (const row of this.store.runningExecutions.all()) if (!parked.has(row.arn)) void this.resume(row, this.mockFor(row));
  }

  resume(row: ExecutionRow, mock: StartRequest["mock"], point?: ResumePoint): Promise<Outcome> | undefined {
    if (this.live.has(row.arn)) return undefined;
    const def = parseJson(row.definition);
    if (!isObject(def)) return undefined;
    const machineName = row.machine_arn.split(":")[6] ?? "";
    const info: ExecutionInfo = {
      arn: row.arn,
      name: row.name,
      machineArn: row.machine_arn,
      machineName,
      roleArn: row.role_arn,
      startTime: row.started,
      input: parseJson(row.input),
      redriveCount: row.redrive_count,
      type: "STANDARD",
      accountId: row.arn.split(":")[4] ?? "",
      region: row.arn.split(":")[3] ?? "",
      parent: row.parent ?? undefined,
    };
    const resumePoint = point ?? (row.state ? (JSON.parse(row.state) as ResumePoint) : undefined);
    const history = new History(() => this.wakeups.now(), { store: this.store, execution: row.arn }, this.store.lastEventId.get(row.arn)?.id ?? 0);
    return this.run(info, def, history, resumePoint, mock, executionLogging(this.store.machine.get(row.machine_arn)?.logging ?? null));
  }

  /** Drops in-memory runs (the store was restored or reset; they are resumed from it). */
  abandonAll(): void {
    this.seq = 0;
    this.mapRuns.clear();
    for (const live of this.live.values()) live.controller.abort(STOPPED);
    this.live.clear();
  }
}

export type { Json };
