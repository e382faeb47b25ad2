/** The Parallel state: every branch on the same input, results in branch order; one failure stops the rest. */
import { isObject, cloneJson, type Json, type JsonObject } from "../asl/json.js";
import type { QueryLanguage } from "../asl/validate.js";
import { withRetryAndCatch } from "./attempts.js";
import { effectiveInput, finishState, isJsonata, taskInput, type StateCtx } from "./io.js";
import { runWorkflow, STOPPED, type StepResult } from "./interpreter.js";
import type { Frame } from "./run.js";

export function runParallel(ctx: StateCtx, raw: Json, signal: AbortSignal): Promise<StepResult> {
  return withRetryAndCatch(ctx, raw, signal, async () => {
    const run = ctx.frame.run;
    const input = await taskInput(ctx, raw, effectiveInput(ctx, raw));
    ctx.frame.prev = run.history.add("ParallelStateStarted", undefined, ctx.frame.prev);
    const started = ctx.frame.prev;
    const controller = linkedController(signal);
    const branches = (ctx.state.Branches as Json[]).filter(isObject);
    const language: QueryLanguage = isJsonata(ctx) ? "JSONata" : "JSONPath";
    const running = branches.map((branch) => runChild(branch, cloneJson(input), childFrame(ctx.frame, language, branch, started), controller.signal));
    try {
      const results = await run.services.tracker.parked(Promise.all(running));
      ctx.frame.prev = run.history.add("ParallelStateSucceeded", undefined, ctx.frame.prev);
      return await finishState(ctx, raw, results);
    } catch (err) {
      controller.abort(STOPPED);
      await Promise.allSettled(running);
      ctx.frame.prev = run.history.add("ParallelStateFailed", undefined, ctx.frame.prev);
      throw err;
    } finally {
      controller.abort(STOPPED);
    }
  });
}

/** A frame for a branch or an iteration: its own copy of the variables, its own retry counts. */
export function childFrame(parent: Frame, language: QueryLanguage, def: JsonObject, prev: number, mapItem?: JsonObject): Frame {
  const own = def.QueryLanguage === "JSONata" || def.QueryLanguage === "JSONPath" ? def.QueryLanguage : language;
  return { run: parent.run, language: own, variables: { ...parent.variables }, retries: new Map(), top: false, prev, mapItem };
}

/** Runs a sub-workflow, counted as runnable work while it is not parked. */
export async function runChild(def: JsonObject, input: Json, frame: Frame, signal: AbortSignal): Promise<Json> {
  frame.run.services.tracker.enter();
  try {
    return await runWorkflow(def, input, frame, signal);
  } finally {
    frame.run.services.tracker.leave();
  }
}

export function linkedController(signal: AbortSignal): AbortController {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(STOPPED);
  else signal.addEventListener("abort", () => controller.abort(STOPPED), { once: true });
  return controller;
}
