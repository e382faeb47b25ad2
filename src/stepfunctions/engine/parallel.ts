/**
 * The Parallel state: every branch on the same input, results in branch order; one failure stops
 * the rest. In a STANDARD execution each branch saves where it stands (and its result once done)
 * under its frame path, so after a restart the Parallel resumes its unfinished branches only.
 */
import { isObject, cloneJson, type Json, type JsonObject } from "../asl/json.js";
import type { QueryLanguage } from "../asl/validate.js";
import { withRetryAndCatch } from "./attempts.js";
import { effectiveInput, finishState, isJsonata, taskInput, type StateCtx } from "./io.js";
import { Aborted, Parked, runWorkflow, STOPPED, type StepResult } from "./interpreter.js";
import type { Frame, ResumePoint, SavedFrame } from "./run.js";

export function runParallel(ctx: StateCtx, raw: Json, signal: AbortSignal, resume?: ResumePoint): Promise<StepResult> {
  let reentering = resume !== undefined;
  return withRetryAndCatch(ctx, raw, signal, async () => {
    const resumed = reentering;
    reentering = false;
    const run = ctx.frame.run;
    const input = await taskInput(ctx, raw, effectiveInput(ctx, raw));
    const base = `${ctx.frame.path}/${ctx.name}/`;
    if (!resumed) {
      run.frames?.drop(base);
      ctx.frame.prev = run.history.add("ParallelStateStarted", undefined, ctx.frame.prev);
    }
    const started = ctx.frame.prev;
    const controller = linkedController(signal);
    const branches = (ctx.state.Branches as Json[]).filter(isObject);
    const language: QueryLanguage = isJsonata(ctx) ? "JSONata" : "JSONPath";
    const running = branches.map((branch, i) => {
      const path = `${base}b${i}`;
      const saved = resumed ? run.frames?.load(path) : undefined;
      if (saved && "done" in saved) return Promise.resolve(saved.done);
      const frame = childFrame(ctx.frame, language, branch, started, { path, saved });
      return runChild(branch, cloneJson(input), frame, controller.signal).then((output) => {
        run.frames?.save(path, { done: output });
        return output;
      });
    });
    try {
      const results = await run.services.tracker.parked(Promise.all(running));
      run.frames?.drop(base);
      ctx.frame.prev = run.history.add("ParallelStateSucceeded", undefined, ctx.frame.prev);
      return await finishState(ctx, raw, results);
    } catch (err) {
      controller.abort(STOPPED);
      await Promise.allSettled(running);
      // Stopped or abandoned (a restart resumes the branches): the saved frames stay.
      if (err instanceof Aborted || err instanceof Parked || signal.aborted) throw err;
      run.frames?.drop(base);
      ctx.frame.prev = run.history.add("ParallelStateFailed", undefined, ctx.frame.prev);
      throw err;
    } finally {
      controller.abort(STOPPED);
    }
  });
}

/**
 * A frame for a branch or an iteration: its own copy of the variables, its own retry counts; a
 * saved point (after a restart) brings back its state, variables and retry counts.
 */
export function childFrame(parent: Frame, language: QueryLanguage, def: JsonObject, prev: number, at: { path: string; saved?: SavedFrame; mapItem?: JsonObject }): Frame {
  const own = def.QueryLanguage === "JSONata" || def.QueryLanguage === "JSONPath" ? def.QueryLanguage : language;
  const point = at.saved && "point" in at.saved ? at.saved.point : undefined;
  return {
    run: parent.run,
    language: own,
    variables: point ? { ...point.variables } : { ...parent.variables },
    retries: new Map(Object.entries(point?.retries ?? {})),
    top: false,
    path: at.path,
    resume: point,
    prev: point?.enteredEventId ?? prev,
    mapItem: at.mapItem,
  };
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
