/**
 * The Task state: resolves its resource, writes AWS's scheduled/started/submitted/succeeded/failed
 * events for the resource's kind (Task*, LambdaFunction*, Activity*), applies TimeoutSeconds and
 * HeartbeatSeconds on the clock, serves SFN Local's mocked responses, and parks callbacks on
 * their task token.
 */
import { evaluateJsonata, isJsonataString } from "../asl/jsonata.js";
import { isObject, type Json } from "../asl/json.js";
import { parseResource, type TaskResource } from "../asl/resources.js";
import { resolvePath } from "../asl/scope.js";
import { StatesError, asStatesError, statesErrors } from "../asl/states-error.js";
import { withRetryAndCatch } from "./attempts.js";
import { withData } from "./history.js";
import { effectiveInput, finishState, jsonataScope, pathScope, taskInput, type StateCtx } from "./io.js";
import { Aborted, checkpoint, Parked, type StepResult } from "./interpreter.js";
import type { MockedResult, ResumePoint, Run } from "./run.js";

const MAX_RESULT_BYTES = 256 * 1024;

export function runTask(ctx: StateCtx, raw: Json, resume: ResumePoint | undefined, signal: AbortSignal): Promise<StepResult> {
  let resuming = resume?.task;
  return withRetryAndCatch(ctx, raw, signal, async () => {
    const pending = resuming;
    resuming = undefined;
    const result = await attempt(ctx, raw, signal, pending);
    if (result !== null && typeof result === "object" && Buffer.byteLength(JSON.stringify(result)) > MAX_RESULT_BYTES)
      throw statesErrors.dataLimitExceeded(`The state/task '${ctx.name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    return finishState(ctx, raw, result);
  });
}

interface Kind {
  scheduled: string;
  started: string;
  succeeded: string;
  failed: string;
  timedOut: string;
  base: Record<string, unknown>;
}

function kindOf(resource: TaskResource, region: string): Kind {
  if (resource.kind === "lambda")
    return { scheduled: "LambdaFunctionScheduled", started: "LambdaFunctionStarted", succeeded: "LambdaFunctionSucceeded", failed: "LambdaFunctionFailed", timedOut: "LambdaFunctionTimedOut", base: {} };
  if (resource.kind === "activity")
    return { scheduled: "ActivityScheduled", started: "ActivityStarted", succeeded: "ActivitySucceeded", failed: "ActivityFailed", timedOut: "ActivityTimedOut", base: {} };
  const suffix = resource.pattern === "callback" ? ".waitForTaskToken" : resource.pattern === "sync" ? ".sync" : resource.pattern === "sync2" ? ".sync:2" : "";
  void region;
  return {
    scheduled: "TaskScheduled",
    started: "TaskStarted",
    succeeded: "TaskSucceeded",
    failed: "TaskFailed",
    timedOut: "TaskTimedOut",
    base: { resourceType: resource.service, resource: `${resource.action}${suffix}` },
  };
}

async function seconds(ctx: StateCtx, raw: Json, effective: Json, field: "TimeoutSeconds" | "HeartbeatSeconds"): Promise<number | undefined> {
  let value: Json | undefined = ctx.state[field];
  if (isJsonataString(value)) value = await evaluateJsonata(value, jsonataScope(ctx, { input: raw }), field);
  const path = ctx.state[`${field}Path`];
  if (typeof path === "string")
    value = resolvePath(path, pathScope(ctx, effective), (missing) => statesErrors.runtime(`Invalid path '${path}' : No results for path: ${missing}`));
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw statesErrors.runtime(`The value of ${field} must be a positive integer: ${JSON.stringify(value)}`);
  return value;
}

async function attempt(ctx: StateCtx, raw: Json, signal: AbortSignal, pending: ResumePoint["task"]): Promise<Json> {
  const run = ctx.frame.run;
  const history = run.history;
  let resourceArn: Json | undefined = ctx.state.Resource;
  if (isJsonataString(resourceArn)) resourceArn = await evaluateJsonata(resourceArn, jsonataScope(ctx, { input: raw }), "Resource");
  const resource = typeof resourceArn === "string" ? parseResource(resourceArn) : undefined;
  if (!resource) throw statesErrors.runtime(`Resource type not supported: ${String(resourceArn)}`);
  const kind = kindOf(resource, run.info.region);
  const effective = effectiveInput(ctx, raw);
  const timeout = await seconds(ctx, raw, effective, "TimeoutSeconds");
  const heartbeat = await seconds(ctx, raw, effective, "HeartbeatSeconds");
  const needsToken = resource.kind === "activity" || (resource.kind === "service" && resource.pattern === "callback");
  if (pending) {
    ctx.token = pending.token;
    const now = run.services.wakeups.now();
    const due = [pending.timeoutAt, pending.heartbeatDue, run.timeoutAt].some((d) => d !== undefined && d <= now);
    if (pending.kind === "callback" && ctx.frame.top && run.persistent && !due && !run.services.tokens.answered(pending.token)) {
      run.services.parkTask(run, pending);
      throw new Parked();
    }
    return settle(ctx, kind, awaitToken(run, pending.token, pending.timeoutAt, pending.heartbeatSeconds, signal, pending.heartbeatDue));
  }
  if (needsToken) ctx.token = run.services.tokens.newToken(run.info.arn);
  const parameters = await taskInput(ctx, raw, effective);
  const now = run.services.wakeups.now();
  // AWS's default is 99999999 s (3 years): no wake-up is armed for it.
  const timeoutAt = timeout !== undefined ? now + timeout * 1000 : undefined;
  const timing = { ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}), ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}) };
  if (resource.kind === "service")
    ctx.frame.prev = history.add(kind.scheduled, { ...kind.base, region: run.info.region, parameters: JSON.stringify(parameters), ...timing }, ctx.frame.prev);
  else ctx.frame.prev = history.add(kind.scheduled, { resource: resource.arn, ...withData("input", parameters), ...timing }, ctx.frame.prev);

  const mocked = mockFor(run, ctx.name);
  if (mocked !== undefined) {
    if (resource.kind !== "activity") ctx.frame.prev = history.add(kind.started, resource.kind === "service" ? kind.base : undefined, ctx.frame.prev);
    return settle(ctx, kind, "Return" in mocked ? Promise.resolve(mocked.Return) : Promise.reject(new StatesError(mocked.Throw.Error ?? "", mocked.Throw.Cause ?? "")));
  }

  if (resource.kind === "activity") {
    run.services.tokens.scheduleActivity(resource.activityArn, ctx.token!, parameters, run.info.arn);
    checkpoint(ctx.frame, ctx.name, raw, { task: { token: ctx.token!, timeoutAt, heartbeatSeconds: heartbeat, resourceType: "activity", resource: resource.arn, kind: "activity" } });
    const work = (async () => {
      const worker = await run.services.tracker.parked(raceAbort(run.services.tokens.activityStarted(ctx.token!), signal));
      ctx.frame.prev = history.add(kind.started, worker ? { workerName: worker } : {}, ctx.frame.prev);
      return awaitToken(run, ctx.token!, timeoutAt, heartbeat, signal);
    })();
    return settle(ctx, kind, withDeadline(run, work, timeoutAt, signal));
  }

  ctx.frame.prev = history.add(kind.started, resource.kind === "service" ? kind.base : undefined, ctx.frame.prev);
  const call = run.services.integrations.call({ resource, parameters, token: ctx.token, run, signal, parked: (w) => run.services.tracker.parked(w) });
  if (resource.kind === "service" && resource.pattern === "callback") {
    const submitted = await settleFailure(ctx, kind, withDeadline(run, call, timeoutAt, signal));
    ctx.frame.prev = history.add("TaskSubmitted", { ...kind.base, ...withData("output", submitted) }, ctx.frame.prev);
    const heartbeatDue = heartbeat !== undefined ? run.services.wakeups.now() + heartbeat * 1000 : undefined;
    const task = { token: ctx.token!, timeoutAt, heartbeatSeconds: heartbeat, heartbeatDue, resourceType: String(kind.base.resourceType), resource: String(kind.base.resource), kind: "callback" };
    checkpoint(ctx.frame, ctx.name, raw, { task });
    // A STANDARD execution waiting for a callback at its top level leaves memory until the answer, a heartbeat deadline or its timeout.
    if (ctx.frame.top && run.persistent && !run.services.tokens.answered(task.token)) {
      run.services.parkTask(run, task);
      throw new Parked();
    }
    return settle(ctx, kind, awaitToken(run, ctx.token!, timeoutAt, heartbeat, signal, heartbeatDue));
  }
  return settle(ctx, kind, withDeadline(run, call, timeoutAt, signal));
}

function awaitToken(run: Run, token: string, timeoutAt: number | undefined, heartbeatSeconds: number | undefined, signal: AbortSignal, heartbeatDue?: number): Promise<Json> {
  return run.services.tokens.wait(token, { timeoutAt, heartbeatSeconds, heartbeatDue, signal });
}

/** Writes the succeeded/failed/timed-out event for the outcome of `work`. */
async function settle(ctx: StateCtx, kind: Kind, work: Promise<Json>): Promise<Json> {
  const result = await settleFailure(ctx, kind, work);
  ctx.frame.prev = ctx.frame.run.history.add(kind.succeeded, { ...kind.base, ...withData("output", result) }, ctx.frame.prev);
  return result;
}

async function settleFailure(ctx: StateCtx, kind: Kind, work: Promise<Json>): Promise<Json> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof Aborted) throw err;
    const failure = asStatesError(err);
    const timedOut = failure.error === "States.Timeout" || failure.error === "States.HeartbeatTimeout";
    ctx.frame.prev = ctx.frame.run.history.add(timedOut ? kind.timedOut : kind.failed, { ...kind.base, error: failure.error, cause: failure.cause }, ctx.frame.prev);
    throw failure;
  }
}

/** Fails `work` with States.Timeout at `timeoutAt` on the clock. */
function withDeadline<T>(run: Run, work: Promise<T>, timeoutAt: number | undefined, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const wakeup = timeoutAt !== undefined ? run.services.wakeups.at(timeoutAt, () => reject(statesErrors.timeout())) : undefined;
    const onAbort = (): void => reject(new Aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        wakeup?.cancel();
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        wakeup?.cancel();
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted());
    signal.addEventListener("abort", () => reject(new Aborted()), { once: true });
    work.then(resolve, reject);
  });
}

/** The mocked response for this call of `state` under the run's test case, if it has one. */
function mockFor(run: Run, state: string): MockedResult | undefined {
  const responses = run.mock?.[state];
  if (!responses) return undefined;
  const index = run.mockCalls.get(state) ?? 0;
  run.mockCalls.set(state, index + 1);
  for (const key of Object.keys(responses)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (!range) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    const response = responses[key]!;
    if (index >= from && index <= to && isObject(response as unknown as Json)) return response;
  }
  throw statesErrors.runtime(`No mocked response for call ${index} of state '${state}' in the test case`);
}
