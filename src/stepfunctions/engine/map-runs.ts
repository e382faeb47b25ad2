/**
 * Map Runs: a distributed Map (`ProcessorConfig.Mode: DISTRIBUTED`) runs each item as a child
 * execution of the ItemProcessor (`<machine>/<label>` state machine, STANDARD or EXPRESS as
 * `ExecutionType` says), at most MaxConcurrency at a time; failed or timed-out children count
 * against the tolerated failure thresholds (either one exceeded fails the Map Run with
 * States.ExceedToleratedFailureThreshold). UpdateMapRun changes the limits of a running Map Run.
 * STANDARD children are executions of their own (DescribeExecution, ListExecutions by mapRunArn,
 * history); after a restart a Map Run is reattached to them by item index.
 */
import { randomUUID } from "node:crypto";
import type { Json, JsonObject } from "../asl/json.js";
import { parseJson } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import type { QueryLanguage } from "../asl/validate.js";
import type { ExecutionRow, MapRunRow } from "../store.js";
import type { Engine, Outcome } from "./engine.js";
import { STOPPED } from "./interpreter.js";
import type { Run } from "./run.js";

export interface MapRunLimits {
  maxConcurrency: number;
  /** Undefined when not given. */
  toleratedCount?: number;
  toleratedPercentage?: number;
}

export interface MapRunRequest {
  parent: Run;
  label: string;
  processor: JsonObject;
  language: QueryLanguage;
  inputs: Json[];
  limits: MapRunLimits;
  signal: AbortSignal;
  /** The Map Run to reattach to (after a restart), if it exists. */
  existing?: string;
  /** Called once the Map Run exists (`resumed`: it existed before). */
  onStarted(arn: string, resumed: boolean): void;
}

export interface ChildRecord {
  arn: string;
  name: string;
  start: number;
  stop: number;
  status: string;
}

export interface MapRunOutcome {
  arn: string;
  results: Json[];
  inputs: Json[];
  failed: Set<number>;
  children: (ChildRecord | undefined)[];
  error?: StatesError;
}

export interface ItemCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

interface LiveMapRun {
  parent: string;
  counts: ItemCounts;
  limits: MapRunLimits;
  /** Child executions running now. */
  running: Set<string>;
  wake(): void;
}

const THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded";

export class MapRuns {
  private live = new Map<string, LiveMapRun>();

  constructor(private readonly engine: Engine) {}

  /** UpdateMapRun: new limits apply to the children not yet started (false: not running here). */
  update(arn: string, limits: MapRunLimits): void {
    const live = this.live.get(arn);
    if (!live) return;
    live.limits = limits;
    live.wake();
  }

  /** A running Map Run's item counts (the store has them as of the last child that ended). */
  counts(arn: string): ItemCounts | undefined {
    return this.live.get(arn)?.counts;
  }

  /** Forgets every live Map Run (the store was restored or closed; resumed runs reattach). */
  clear(): void {
    this.live.clear();
  }

  /** The parent ended (stopped, failed, timed out): its Map Runs stop their children and end ABORTED. */
  parentEnded(parent: string): void {
    for (const [arn, live] of this.live) {
      if (live.parent !== parent) continue;
      this.live.delete(arn);
      for (const child of live.running) this.abortChild(child);
      this.engine.store.finishMapRun.run("ABORTED", this.engine.wakeups.now(), JSON.stringify(live.counts), arn);
    }
  }

  run(req: MapRunRequest): Promise<MapRunOutcome> {
    const { engine } = this;
    const info = req.parent.info;
    const machineName = `${info.machineName}/${req.label}`;
    const machineArn = `arn:aws:states:${info.region}:${info.accountId}:stateMachine:${machineName}`;
    const config = (req.processor.ProcessorConfig ?? {}) as JsonObject;
    const type = config.ExecutionType === "EXPRESS" ? "EXPRESS" : "STANDARD";
    const { ProcessorConfig: _config, ...body } = req.processor;
    const definition = JSON.stringify(body.QueryLanguage === undefined ? { QueryLanguage: req.language, ...body } : body);
    const n = req.inputs.length;
    const counts: ItemCounts = { pending: n, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: n, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 };
    const existing = req.existing ? engine.store.mapRun.get(req.existing) : undefined;
    const arn = existing?.arn ?? `arn:aws:states:${info.region}:${info.accountId}:mapRun:${machineName}:${randomUUID()}`;
    if (!existing)
      engine.store.insertMapRun.run({
        arn,
        execution: info.arn,
        machine_arn: machineArn,
        started: engine.wakeups.now(),
        max_concurrency: req.limits.maxConcurrency,
        tolerated_percentage: req.limits.toleratedPercentage ?? -1,
        tolerated_count: req.limits.toleratedCount ?? -1,
        child_type: type,
        counts: JSON.stringify(counts),
      });
    const limits = existing ? limitsOf(existing) : req.limits;
    req.onStarted(arn, existing !== undefined);
    const prior = new Map<number, ExecutionRow>();
    if (existing) for (const row of engine.store.executionsOfMapRun.all(arn)) if (row.map_index !== null) prior.set(row.map_index, row);

    const results: Json[] = new Array<Json>(n).fill(null);
    const failed = new Set<number>();
    const children: (ChildRecord | undefined)[] = new Array<ChildRecord | undefined>(n);
    const live: LiveMapRun = { parent: info.arn, counts, limits, running: new Set(), wake: () => {} };
    this.live.set(arn, live);
    let next = 0;
    let error: StatesError | undefined;
    let settled = false;

    return new Promise<MapRunOutcome>((resolve) => {
      /** `status` undefined: the parent was stopped or abandoned; parentEnded (or a restart) settles the Map Run. */
      const end = (status?: "SUCCEEDED" | "FAILED"): void => {
        if (settled) return;
        settled = true;
        if (status && this.live.get(arn) === live) this.live.delete(arn);
        req.signal.removeEventListener("abort", onAbort);
        if (status && engine.store.store.raw.open) engine.store.finishMapRun.run(status, engine.wakeups.now(), JSON.stringify(counts), arn);
        resolve({ arn, results, inputs: req.inputs, failed, children, error });
      };
      const onAbort = (): void => end();
      req.signal.addEventListener("abort", onAbort, { once: true });

      const exceeded = (): boolean => {
        const failures = counts.failed + counts.timedOut + counts.aborted;
        const { toleratedCount, toleratedPercentage } = live.limits;
        if (toleratedCount === undefined && toleratedPercentage === undefined) return failures > 0;
        return (toleratedCount !== undefined && failures > toleratedCount) || (toleratedPercentage !== undefined && (failures * 100) / n > toleratedPercentage);
      };

      const childEnded = (index: number, child: ChildRecord, outcome: { status: string; output?: string | null; error?: string | null; cause?: string | null }): void => {
        live.running.delete(child.arn);
        children[index] = child;
        counts.running--;
        if (outcome.status === "SUCCEEDED") {
          counts.succeeded++;
          results[index] = parseJson(outcome.output ?? "null");
        } else {
          if (outcome.status === "TIMED_OUT") counts.timedOut++;
          else if (outcome.status === "ABORTED") counts.aborted++;
          else counts.failed++;
          failed.add(index);
          results[index] = { Error: outcome.error ?? "", Cause: outcome.cause ?? "" };
        }
        if (settled || !engine.store.store.raw.open) return;
        engine.store.updateMapRunCounts.run(JSON.stringify(counts), arn);
        if (error === undefined && exceeded()) {
          error = new StatesError("States.ExceedToleratedFailureThreshold", THRESHOLD_CAUSE);
          for (const running of live.running) this.abortChild(running);
        }
        pump();
      };

      const launch = (index: number): void => {
        counts.pending--;
        counts.running++;
        const before = prior.get(index);
        const name = before?.name ?? randomUUID();
        const started = before
          ? { arn: before.arn, startDate: before.started, done: undefined }
          : engine.start({
              accountId: info.accountId,
              region: info.region,
              machineArn,
              machineName,
              type,
              definition,
              roleArn: info.roleArn,
              name,
              input: JSON.stringify(req.inputs[index] ?? null),
              mock: req.parent.mock,
              mapRun: { arn, index },
            });
        live.running.add(started.arn);
        const finished: Promise<{ status: string; output?: string | null; error?: string | null; cause?: string | null; stop: number }> =
          type === "STANDARD"
            ? engine.completion(started.arn).then((row) => ({ ...(row ?? { status: "ABORTED" }), stop: row?.stopped ?? engine.wakeups.now() }))
            : (started.done as Promise<Outcome>).then((o) => ({ ...o, stop: o.stopDate }));
        void finished.then(
          (o) => childEnded(index, { arn: started.arn, name, start: started.startDate, stop: o.stop, status: o.status }, o),
          () => childEnded(index, { arn: started.arn, name, start: started.startDate, stop: engine.wakeups.now(), status: "FAILED" }, { status: "FAILED" }),
        );
      };

      const pump = (): void => {
        if (settled) return;
        for (;;) {
          while (next < n && prior.get(next) !== undefined && prior.get(next)!.status !== "RUNNING") next++;
          if (error !== undefined || next >= n || (live.limits.maxConcurrency > 0 && counts.running >= live.limits.maxConcurrency)) break;
          launch(next++);
        }
        if (counts.running === 0 && (error !== undefined || next >= n)) end(error ? "FAILED" : "SUCCEEDED");
      };
      live.wake = pump;
      // Children that ended before a restart keep their outcomes.
      for (const [index, row] of prior) {
        if (row.status === "RUNNING") continue;
        counts.pending--;
        counts.running++;
        childEnded(index, recordOf(row), row);
      }
      pump();
    });
  }

  private abortChild(arn: string): void {
    const row = this.engine.store.execution.get(arn);
    if (row) this.engine.stop(arn, undefined, undefined);
    else this.engine.live.get(arn)?.controller.abort(STOPPED);
  }
}

/** The stored limits; -1 stands for a threshold that was not given. */
export function limitsOf(row: MapRunRow): MapRunLimits {
  return {
    maxConcurrency: row.max_concurrency,
    toleratedCount: row.tolerated_count >= 0 ? row.tolerated_count : undefined,
    toleratedPercentage: row.tolerated_percentage >= 0 ? row.tolerated_percentage : undefined,
  };
}

function recordOf(row: ExecutionRow): ChildRecord {
  return { arn: row.arn, name: row.name, start: row.started, stop: row.stopped ?? row.started, status: row.status };
}

export function itemCounts(row: MapRunRow): ItemCounts {
  return JSON.parse(row.counts) as ItemCounts;
}
