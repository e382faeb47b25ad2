/**
 * The States Language interpreter: runs a workflow (the top level, a Parallel branch, a Map
 * iteration) state by state, writing AWS's history events. The flow states live here; Task,
 * Parallel and Map have their own files.
 */
import { evaluateIntrinsic } from "../asl/intrinsics.js";
import { applyTemplate } from "../asl/template.js";
import { evaluateJsonata, evaluateTemplate, isJsonataString } from "../asl/jsonata.js";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { ruleMatches } from "../asl/choice.js";
import { resolvePath } from "../asl/scope.js";
import { StatesError, statesErrors } from "../asl/states-error.js";
import { isTimestamp } from "../asl/validate.js";
import { withData } from "./history.js";
import { assign, effectiveInput, finishState, isJsonata, jsonataScope, outputPath, pathScope, type StateCtx } from "./io.js";
import type { Frame, ResumePoint, Run } from "./run.js";
import { runMap } from "./map.js";
import { runParallel } from "./parallel.js";
import { runTask } from "./task.js";
import { MAX_HISTORY_EVENTS } from "./history.js";

export interface StepResult {
  output: Json;
  next?: string;
}

/** Thrown into a run that was stopped (StopExecution, a failed sibling branch, a timeout). */
export class Aborted extends Error {
  constructor() {
    super("aborted");
  }
}

/** Unwinds a run that was taken out of memory (see EngineServices.park): not an outcome. */
export class Parked extends Error {
  constructor() {
    super("parked");
  }
}

/** Waits at least this long leave memory (shorter ones stay on an in-memory wake-up). */
const PARK_AFTER_MS = 60_000;

/**
 * The reason every run is stopped with: `abort()` without one builds a DOMException with its stack
 * each time (measured at 4% of a short EXPRESS execution's CPU).
 */
export const STOPPED = new Aborted();

export function checkAborted(run: Run, signal: AbortSignal = run.signal): void {
  if (run.signal.aborted || signal.aborted) throw new Aborted();
}

export async function runWorkflow(def: JsonObject, input: Json, frame: Frame, signal: AbortSignal = frame.run.signal): Promise<Json> {
  const states = def.States as JsonObject;
  let name = frame.resume ? frame.resume.state : String(def.StartAt);
  let data = frame.resume ? frame.resume.input : input;
  for (;;) {
    checkAborted(frame.run, signal);
    if (frame.run.history.count >= MAX_HISTORY_EVENTS)
      throw statesErrors.runtime(`The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`);
    const state = states[name];
    if (!isObject(state)) throw statesErrors.runtime(`State '${name}' does not exist`);
    const step = await runState(name, state, data, frame, signal);
    if (step.next === undefined) return step.output;
    name = step.next;
    data = step.output;
  }
}

/** The resume point for `name`, if the run is resuming into it (used once). */
export function takeResume(frame: Frame, name: string): ResumePoint | undefined {
  const resume = frame.resume;
  if (!resume || resume.state !== name) return undefined;
  frame.resume = undefined;
  return resume;
}

export function checkpoint(frame: Frame, name: string, input: Json, extra: Partial<ResumePoint> = {}): void {
  if (!frame.run.persistent) return;
  const point: ResumePoint = {
    state: name,
    input,
    variables: frame.variables,
    retries: Object.fromEntries(frame.retries),
    mockCalls: Object.fromEntries(frame.run.mockCalls),
    enteredEventId: frame.prev,
    ...extra,
  };
  if (frame.top) frame.run.checkpoint(point);
  else frame.run.frames?.save(frame.path, { point });
}

export async function runState(name: string, state: JsonObject, raw: Json, frame: Frame, signal: AbortSignal): Promise<StepResult> {
  const run = frame.run;
  const resume = takeResume(frame, name);
  const ctx: StateCtx = { name, state, frame, enteredTime: run.services.wakeups.now(), retryCount: 0 };
  const type = String(state.Type);
  if (resume?.enteredEventId !== undefined) frame.prev = resume.enteredEventId;
  else frame.prev = run.history.add(`${type}StateEntered`, run.history.recording ? { name, ...withData("input", raw) } : undefined, frame.prev);
  if (!resume) checkpoint(frame, name, raw);
  let step: StepResult;
  try {
    step = await runStateBody(type, ctx, raw, resume, signal);
  } catch (err) {
    throw type === "Fail" ? err : reportEvaluationFailure(err, ctx);
  }
  if (!run.history.recording) {
    frame.prev = run.history.add(`${type}StateExited`, undefined, frame.prev);
    return step;
  }
  const assigned = ctx.assigned
    ? { assignedVariables: Object.fromEntries(Object.entries(ctx.assigned).map(([k, v]) => [k, JSON.stringify(v)])), assignedVariablesDetails: { truncated: false } }
    : {};
  frame.prev = run.history.add(`${type}StateExited`, { name, ...withData("output", step.output), ...assigned }, frame.prev);
  return step;
}

async function runStateBody(type: string, ctx: StateCtx, raw: Json, resume: ResumePoint | undefined, signal: AbortSignal): Promise<StepResult> {
  switch (type) {
    case "Pass":
      return pass(ctx, raw);
    case "Choice":
      return choice(ctx, raw);
    case "Wait":
      return wait(ctx, raw, resume, signal);
    case "Succeed":
      return { output: isJsonata(ctx) ? await finishState(ctx, raw, raw) : outputPath(ctx, effectiveInput(ctx, raw)) };
    case "Fail":
      throw await fail(ctx, raw);
    case "Task":
      return runTask(ctx, raw, resume, signal);
    case "Parallel":
      return runParallel(ctx, raw, signal, resume);
    case "Map":
      return runMap(ctx, raw, signal, resume);
    default:
      throw statesErrors.runtime(`Unknown state type ${type}`);
  }
}

const EVALUATION_ERRORS = new Set(["States.Runtime", "States.QueryEvaluationError"]);
const reported = new WeakSet<object>();

/**
 * A failure of the state's own evaluation (a path, an intrinsic, a JSONata expression) is written
 * as an EvaluationFailed event, once, before the failure travels on.
 */
function reportEvaluationFailure(err: unknown, ctx: StateCtx): unknown {
  if (!(err instanceof StatesError) || !EVALUATION_ERRORS.has(err.error) || reported.has(err)) return err;
  reported.add(err);
  const history = ctx.frame.run.history;
  ctx.frame.prev = history.add("EvaluationFailed", history.recording ? { error: err.error, cause: err.cause, state: ctx.name } : undefined, ctx.frame.prev);
  return err;
}

async function pass(ctx: StateCtx, raw: Json): Promise<StepResult> {
  const next = ctx.state.Next as string | undefined;
  if (isJsonata(ctx)) return { output: await finishState(ctx, raw, raw), next };
  const effective = effectiveInput(ctx, raw);
  let result: Json = effective;
  if (ctx.state.Result !== undefined) result = ctx.state.Result;
  else if (ctx.state.Parameters !== undefined) result = applyTemplate(ctx.state.Parameters, pathScope(ctx, effective));
  return { output: await finishState(ctx, raw, result, { selector: false }), next };
}

async function choice(ctx: StateCtx, raw: Json): Promise<StepResult> {
  const rules = (ctx.state.Choices as Json[]).filter(isObject);
  if (isJsonata(ctx)) {
    for (const rule of rules) {
      const scope = jsonataScope(ctx, { input: raw });
      const condition = isJsonataString(rule.Condition) ? await evaluateJsonata(rule.Condition, scope, "Condition") : rule.Condition;
      if (typeof condition !== "boolean") throw statesErrors.queryEvaluation(`The Condition of a choice rule of state '${ctx.name}' did not evaluate to a boolean`);
      if (!condition) continue;
      const output = rule.Output !== undefined ? ((await evaluateTemplate(rule.Output, scope, "Output")) ?? null) : raw;
      await assign(ctx, rule.Assign ?? ctx.state.Assign, scope);
      return { output, next: String(rule.Next) };
    }
    return defaultChoice(ctx, raw, raw);
  }
  const effective = effectiveInput(ctx, raw);
  const scope = pathScope(ctx, effective);
  for (const rule of rules) {
    if (!ruleMatches(rule, scope)) continue;
    await assign(ctx, rule.Assign ?? ctx.state.Assign, scope);
    return { output: outputPath(ctx, effective), next: String(rule.Next) };
  }
  return defaultChoice(ctx, raw, effective);
}

async function defaultChoice(ctx: StateCtx, raw: Json, effective: Json): Promise<StepResult> {
  if (typeof ctx.state.Default !== "string")
    throw statesErrors.runtime(`An error occurred while executing the state '${ctx.name}'. No Choice Rule matched and no Default was specified.`);
  if (isJsonata(ctx)) {
    const scope = jsonataScope(ctx, { input: raw });
    await assign(ctx, ctx.state.Assign, scope);
    const output = ctx.state.Output !== undefined ? ((await evaluateTemplate(ctx.state.Output, scope, "Output")) ?? null) : raw;
    return { output, next: ctx.state.Default };
  }
  await assign(ctx, ctx.state.Assign, pathScope(ctx, effective));
  return { output: outputPath(ctx, effective), next: ctx.state.Default };
}

async function wait(ctx: StateCtx, raw: Json, resume: ResumePoint | undefined, signal: AbortSignal): Promise<StepResult> {
  const run = ctx.frame.run;
  let dueAt = resume?.waitUntil;
  const effective = effectiveInput(ctx, raw);
  if (dueAt === undefined) {
    dueAt = await waitDue(ctx, raw, effective);
    checkpoint(ctx.frame, ctx.name, raw, { waitUntil: dueAt });
  }
  if (ctx.frame.top && run.persistent && dueAt - run.services.wakeups.now() >= PARK_AFTER_MS) {
    run.services.park(run, dueAt);
    throw new Parked();
  }
  await sleepUntil(run, dueAt, signal);
  if (isJsonata(ctx)) return { output: await finishState(ctx, raw, raw), next: ctx.state.Next as string | undefined };
  await assign(ctx, ctx.state.Assign, pathScope(ctx, effective));
  return { output: outputPath(ctx, effective), next: ctx.state.Next as string | undefined };
}

const MAX_WAIT_SECONDS = { STANDARD: 365 * 24 * 3600, EXPRESS: 5 * 60 };

async function waitDue(ctx: StateCtx, raw: Json, effective: Json): Promise<number> {
  const now = ctx.frame.run.services.wakeups.now();
  const s = ctx.state;
  let seconds: Json | undefined = s.Seconds;
  let timestamp: Json | undefined = s.Timestamp;
  if (isJsonata(ctx)) {
    const scope = jsonataScope(ctx, { input: raw });
    if (isJsonataString(seconds)) seconds = await evaluateJsonata(seconds, scope, "Seconds");
    if (isJsonataString(timestamp)) timestamp = await evaluateJsonata(timestamp, scope, "Timestamp");
  } else {
    const scope = pathScope(ctx, effective);
    const read = (field: string): Json =>
      resolvePath(String(s[field]), scope, (missing) => statesErrors.runtime(`Invalid path '${String(s[field])}' : No results for path: ${missing}`));
    if (s.SecondsPath !== undefined) {
      seconds = read("SecondsPath");
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0)
        throw statesErrors.runtime(`The SecondsPath parameter does not reference a valid integer value: ${JSON.stringify(seconds)}`);
    }
    if (s.TimestampPath !== undefined) {
      timestamp = read("TimestampPath");
      if (typeof timestamp !== "string" || !isTimestamp(timestamp))
        throw statesErrors.runtime(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${JSON.stringify(timestamp)}`);
    }
  }
  const max = MAX_WAIT_SECONDS[ctx.frame.run.info.type];
  const scale = ctx.frame.run.services.waitScale;
  if (seconds !== undefined) {
    if (typeof seconds !== "number" || seconds < 0) throw statesErrors.runtime(`The Seconds field must be a non-negative number: ${JSON.stringify(seconds)}`);
    return now + Math.round(Math.min(seconds, max) * 1000 * scale);
  }
  if (typeof timestamp !== "string" || !isTimestamp(timestamp)) throw statesErrors.runtime(`The Timestamp field must be an ISO-8601 timestamp: ${JSON.stringify(timestamp)}`);
  return now + Math.round(Math.max(0, Math.min(Date.parse(timestamp) - now, max * 1000)) * scale);
}

async function fail(ctx: StateCtx, raw: Json): Promise<StatesError> {
  let error: Json | undefined = ctx.state.Error;
  let cause: Json | undefined = ctx.state.Cause;
  if (isJsonata(ctx)) {
    const scope = jsonataScope(ctx, { input: raw });
    if (isJsonataString(error)) error = await evaluateJsonata(error, scope, "Error");
    if (isJsonataString(cause)) cause = await evaluateJsonata(cause, scope, "Cause");
  } else {
    const scope = pathScope(ctx, raw);
    const read = (field: string): Json => {
      const path = String(ctx.state[field]);
      if (path.startsWith("States.")) return evaluateIntrinsic(path, scope, field);
      return resolvePath(path, scope, (missing) => statesErrors.runtime(`Invalid path '${path}' : No results for path: ${missing}`));
    };
    if (ctx.state.ErrorPath !== undefined) error = read("ErrorPath");
    if (ctx.state.CausePath !== undefined) cause = read("CausePath");
  }
  return new StatesError(typeof error === "string" ? error : "", typeof cause === "string" ? cause : "");
}

/** Parks the run until `dueAt` on the clock (or until it is stopped). */
export function sleepUntil(run: Run, dueAt: number, signal: AbortSignal = run.signal): Promise<void> {
  if (dueAt <= run.services.wakeups.now()) return Promise.resolve();
  return run.services.tracker.parked(
    new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        wakeup.cancel();
        reject(new Aborted());
      };
      const wakeup = run.services.wakeups.at(dueAt, () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
    }),
  );
}
