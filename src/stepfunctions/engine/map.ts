/**
 * The Map state: inline (ItemsPath/Items, ItemSelector or legacy Parameters, MaxConcurrency,
 * ToleratedFailureCount/Percentage) and distributed (ProcessorConfig.Mode DISTRIBUTED: ItemReader,
 * ItemBatcher, a Map Run of child executions, ResultWriter).
 */
import { evaluateJsonata, evaluateTemplate, isJsonataString } from "../asl/jsonata.js";
import { cloneJson, isObject, type Json, type JsonObject } from "../asl/json.js";
import { resolvePath } from "../asl/scope.js";
import { asStatesError, statesErrors } from "../asl/states-error.js";
import { applyTemplate } from "../asl/template.js";
import { withRetryAndCatch } from "./attempts.js";
import { effectiveInput, finishState, isJsonata, jsonataScope, pathScope, type StateCtx } from "./io.js";
import { Aborted, checkpoint, Parked, STOPPED, type StepResult } from "./interpreter.js";
import type { MapRunLimits } from "./map-runs.js";
import type { ResumePoint } from "./run.js";
import { childFrame, linkedController, runChild } from "./parallel.js";
import { readItems } from "./item-reader.js";
import { writeResults, type MapOutcome } from "./result-writer.js";

export function runMap(ctx: StateCtx, raw: Json, signal: AbortSignal, resume?: ResumePoint): Promise<StepResult> {
  let reentering = resume !== undefined;
  return withRetryAndCatch(ctx, raw, signal, async () => {
    const resumed = reentering;
    reentering = false;
    const run = ctx.frame.run;
    const effective = effectiveInput(ctx, raw);
    const items = batch(ctx, await itemsOf(ctx, raw, effective));
    const processor = (ctx.state.ItemProcessor ?? ctx.state.Iterator) as JsonObject;
    const maxConcurrency = await numberField(ctx, raw, effective, "MaxConcurrency", 0);
    const toleratedCount = await numberField(ctx, raw, effective, "ToleratedFailureCount", -1);
    const toleratedPercentage = await numberField(ctx, raw, effective, "ToleratedFailurePercentage", -1);
    const limits: MapRunLimits = {
      maxConcurrency,
      toleratedCount: toleratedCount >= 0 ? toleratedCount : undefined,
      toleratedPercentage: toleratedPercentage >= 0 ? toleratedPercentage : undefined,
    };
    const distributed = isObject(processor.ProcessorConfig) && processor.ProcessorConfig.Mode === "DISTRIBUTED" && run.services.runMap !== undefined;
    if (!resumed) ctx.frame.prev = run.history.add("MapStateStarted", { length: items.length }, ctx.frame.prev);
    try {
      const outcome = distributed
        ? await runDistributed(ctx, raw, effective, items, processor, limits, signal, resumed ? resume?.mapRun : undefined)
        : await runInline(ctx, raw, effective, items, processor, limits, signal, resumed);
      if (signal.aborted) throw new Aborted();
      ctx.frame.prev = run.history.add("MapStateSucceeded", undefined, ctx.frame.prev);
      const result = isObject(ctx.state.ResultWriter) ? await writeResults(ctx, raw, effective, outcome) : outcome.results;
      return await finishState(ctx, raw, result);
    } catch (err) {
      if (!(err instanceof Aborted)) ctx.frame.prev = run.history.add("MapStateFailed", undefined, ctx.frame.prev);
      throw err;
    }
  });
}

/**
 * Iterations inside the execution, with MapIteration* events; failures past the thresholds end the
 * state. In a STANDARD execution each iteration saves where it stands and how it ended under its
 * frame path: after a restart only the unfinished iterations run on.
 */
async function runInline(
  ctx: StateCtx,
  raw: Json,
  effective: Json,
  items: Json[],
  processor: JsonObject,
  limits: MapRunLimits,
  signal: AbortSignal,
  resumed: boolean,
): Promise<MapOutcome> {
  const run = ctx.frame.run;
  const { toleratedCount, toleratedPercentage } = limits;
  const tolerant = toleratedCount !== undefined || toleratedPercentage !== undefined;
  const started = ctx.frame.prev;
  const base = `${ctx.frame.path}/${ctx.name}/`;
  if (!resumed) run.frames?.drop(base);
  const controller = linkedController(signal);
  const results: Json[] = new Array<Json>(items.length).fill(null);
  const inputs: Json[] = new Array<Json>(items.length).fill(null);
  const failed = new Set<number>();
  let failures = 0;
  let next = 0;
  let firstError: unknown;
  const failedWith = (index: number, failure: { error: string; cause: string }): void => {
    failures++;
    failed.add(index);
    results[index] = { Error: failure.error, Cause: failure.cause };
    const overCount = toleratedCount !== undefined && failures > toleratedCount;
    const overPercentage = toleratedPercentage !== undefined && (failures * 100) / items.length > toleratedPercentage;
    if (!tolerant) firstError = failure;
    else if ((toleratedCount === undefined || overCount) && (toleratedPercentage === undefined || overPercentage))
      firstError = statesErrors.toleratedFailure("The specified tolerated failure threshold was exceeded");
    if (firstError !== undefined) controller.abort(STOPPED);
  };
  const worker = async (): Promise<void> => {
    while (next < items.length && firstError === undefined) {
      const index = next++;
      const item = items[index]!;
      const path = `${base}i${index}`;
      const saved = resumed ? run.frames?.load(path) : undefined;
      if (saved && "done" in saved) {
        results[index] = saved.done;
        continue;
      }
      if (saved && "failed" in saved) {
        failedWith(index, { error: saved.failed.Error, cause: saved.failed.Cause });
        continue;
      }
      const mapItem: JsonObject = { Index: index, Value: item };
      const frame = childFrame(ctx.frame, isJsonata(ctx) ? "JSONata" : "JSONPath", processor, started, { path, saved, mapItem });
      const itemCtx: StateCtx = { ...ctx, frame, assigned: undefined };
      if (!frame.resume) frame.prev = run.history.add("MapIterationStarted", { name: ctx.name, index }, started);
      try {
        const input = await iterationInput(itemCtx, raw, effective, item);
        inputs[index] = input;
        results[index] = await runChild(processor, input, frame, controller.signal);
        run.frames?.save(path, { done: results[index]! });
        run.history.add("MapIterationSucceeded", { name: ctx.name, index }, frame.prev);
      } catch (err) {
        if (err instanceof Aborted || err instanceof Parked) {
          if (!signal.aborted) run.history.add("MapIterationAborted", { name: ctx.name, index }, frame.prev);
          return;
        }
        run.history.add("MapIterationFailed", { name: ctx.name, index }, frame.prev);
        const failure = asStatesError(err);
        run.frames?.save(path, { failed: { Error: failure.error, Cause: failure.cause } });
        failedWith(index, failure);
      }
    }
  };
  const lanes = Math.max(1, Math.min(items.length, limits.maxConcurrency > 0 ? limits.maxConcurrency : items.length));
  try {
    await run.services.tracker.parked(Promise.all(Array.from({ length: lanes }, worker)));
    // Stopped or abandoned (a restart resumes the iterations): the saved frames stay.
    if (signal.aborted) throw new Aborted();
    run.frames?.drop(base);
    if (firstError !== undefined) throw firstError;
    return { inputs, results, failed };
  } finally {
    controller.abort(STOPPED);
  }
}

/** A Map Run: each item a child execution; MapRun* events in the parent's history. */
async function runDistributed(
  ctx: StateCtx,
  raw: Json,
  effective: Json,
  items: Json[],
  processor: JsonObject,
  limits: MapRunLimits,
  signal: AbortSignal,
  existing: string | undefined,
): Promise<MapOutcome> {
  const run = ctx.frame.run;
  const language = isJsonata(ctx) ? "JSONata" : "JSONPath";
  const inputs: Json[] = [];
  for (let index = 0; index < items.length; index++) {
    const frame = childFrame(ctx.frame, language, processor, ctx.frame.prev, { path: "", mapItem: { Index: index, Value: items[index]! } });
    inputs.push(await iterationInput({ ...ctx, frame, assigned: undefined }, raw, effective, items[index]!));
  }
  const outcome = await run.services.tracker.parked(
    run.services.runMap!({
      parent: run,
      label: typeof ctx.state.Label === "string" ? ctx.state.Label : ctx.name,
      processor,
      language,
      inputs,
      limits,
      signal,
      existing,
      onStarted: (arn, resumed) => {
        if (resumed) return;
        ctx.frame.prev = run.history.add("MapRunStarted", { mapRunArn: arn }, ctx.frame.prev);
        checkpoint(ctx.frame, ctx.name, raw, { mapRun: arn });
      },
    }),
  );
  if (signal.aborted) throw new Aborted();
  if (outcome.error) {
    ctx.frame.prev = run.history.add("MapRunFailed", { error: outcome.error.error, cause: outcome.error.cause }, ctx.frame.prev);
    throw outcome.error;
  }
  ctx.frame.prev = run.history.add("MapRunSucceeded", undefined, ctx.frame.prev);
  return { inputs, results: outcome.results, failed: outcome.failed, mapRun: { arn: outcome.arn, children: outcome.children } };
}

async function itemsOf(ctx: StateCtx, raw: Json, effective: Json): Promise<Json[]> {
  let items: Json | undefined;
  if (isObject(ctx.state.ItemReader)) items = await readItems(ctx, raw, effective);
  else if (isJsonata(ctx)) {
    items = ctx.state.Items === undefined ? raw : await evaluateTemplate(ctx.state.Items, jsonataScope(ctx, { input: raw }), "Items");
  } else {
    const path = ctx.state.ItemsPath;
    items = path === undefined ? effective : resolvePath(String(path), pathScope(ctx, effective), (missing) => statesErrors.runtime(`Invalid path '${String(path)}' : No results for path: ${missing}`));
  }
  if (!Array.isArray(items)) throw statesErrors.runtime(`Items of the Map state '${ctx.name}' must be an array: ${JSON.stringify(items ?? null)}`);
  return items;
}

function batch(ctx: StateCtx, items: Json[]): Json[] {
  const batcher = ctx.state.ItemBatcher;
  if (!isObject(batcher)) return items;
  const size = typeof batcher.MaxItemsPerBatch === "number" ? batcher.MaxItemsPerBatch : items.length || 1;
  const out: Json[] = [];
  for (let i = 0; i < items.length; i += size) {
    const group: JsonObject = { Items: items.slice(i, i + size) };
    if (batcher.BatchInput !== undefined) group.BatchInput = batcher.BatchInput;
    out.push(group);
  }
  return out;
}

async function iterationInput(ctx: StateCtx, raw: Json, effective: Json, item: Json): Promise<Json> {
  const selector = ctx.state.ItemSelector ?? ctx.state.Parameters;
  if (selector === undefined) return cloneJson(item);
  if (isJsonata(ctx)) return (await evaluateTemplate(selector, jsonataScope(ctx, { input: raw }), "ItemSelector")) ?? null;
  return applyTemplate(selector, pathScope(ctx, effective));
}

async function numberField(ctx: StateCtx, raw: Json, effective: Json, field: string, fallback: number): Promise<number> {
  let value: Json | undefined = ctx.state[field];
  if (isJsonataString(value)) value = await evaluateJsonata(value, jsonataScope(ctx, { input: raw }), field);
  const path = ctx.state[`${field}Path`];
  if (typeof path === "string") value = resolvePath(path, pathScope(ctx, effective), (missing) => statesErrors.runtime(`Invalid path '${path}' : No results for path: ${missing}`));
  if (value === undefined) return fallback;
  if (typeof value !== "number" || value < 0) throw statesErrors.runtime(`The value of ${field} must be a non-negative number: ${JSON.stringify(value)}`);
  return value;
}
