/**
 * The Map state: inline (ItemsPath/Items, ItemSelector or legacy Parameters, MaxConcurrency) and
 * the basics of distributed mode (ItemBatcher, ToleratedFailureCount/Percentage: failed items
 * count against the threshold instead of failing the state).
 */
import { evaluateJsonata, evaluateTemplate, isJsonataString } from "../asl/jsonata.js";
import { cloneJson, isObject, type Json, type JsonObject } from "../asl/json.js";
import { resolvePath } from "../asl/scope.js";
import { asStatesError, statesErrors } from "../asl/states-error.js";
import { applyTemplate } from "../asl/template.js";
import { withRetryAndCatch } from "./attempts.js";
import { effectiveInput, finishState, isJsonata, jsonataScope, pathScope, type StateCtx } from "./io.js";
import { Aborted, STOPPED, type StepResult } from "./interpreter.js";
import { childFrame, linkedController, runChild } from "./parallel.js";
import { readItems } from "./item-reader.js";
import { writeResults } from "./result-writer.js";

export function runMap(ctx: StateCtx, raw: Json, signal: AbortSignal): Promise<StepResult> {
  return withRetryAndCatch(ctx, raw, signal, async () => {
    const run = ctx.frame.run;
    const effective = effectiveInput(ctx, raw);
    const items = batch(ctx, await itemsOf(ctx, raw, effective));
    const processor = (ctx.state.ItemProcessor ?? ctx.state.Iterator) as JsonObject;
    const maxConcurrency = await numberField(ctx, raw, effective, "MaxConcurrency", 0);
    const toleratedCount = await numberField(ctx, raw, effective, "ToleratedFailureCount", -1);
    const toleratedPercentage = await numberField(ctx, raw, effective, "ToleratedFailurePercentage", -1);
    const tolerant = toleratedCount >= 0 || toleratedPercentage >= 0;
    ctx.frame.prev = run.history.add("MapStateStarted", { length: items.length }, ctx.frame.prev);
    const started = ctx.frame.prev;
    const controller = linkedController(signal);
    const results: Json[] = new Array<Json>(items.length).fill(null);
    const inputs: Json[] = new Array<Json>(items.length).fill(null);
    const failed = new Set<number>();
    let failures = 0;
    let next = 0;
    let firstError: unknown;
    const worker = async (): Promise<void> => {
      while (next < items.length && firstError === undefined) {
        const index = next++;
        const item = items[index]!;
        const mapItem: JsonObject = { Index: index, Value: item };
        const frame = childFrame(ctx.frame, isJsonata(ctx) ? "JSONata" : "JSONPath", processor, started, mapItem);
        const itemCtx: StateCtx = { ...ctx, frame, assigned: undefined };
        frame.prev = run.history.add("MapIterationStarted", { name: ctx.name, index }, started);
        try {
          const input = await iterationInput(itemCtx, raw, effective, item);
          inputs[index] = input;
          results[index] = await runChild(processor, input, frame, controller.signal);
          run.history.add("MapIterationSucceeded", { name: ctx.name, index }, frame.prev);
        } catch (err) {
          if (err instanceof Aborted) {
            run.history.add("MapIterationAborted", { name: ctx.name, index }, frame.prev);
            return;
          }
          run.history.add("MapIterationFailed", { name: ctx.name, index }, frame.prev);
          const failure = asStatesError(err);
          failures++;
          failed.add(index);
          results[index] = { Error: failure.error, Cause: failure.cause };
          const overCount = toleratedCount >= 0 && failures > toleratedCount;
          const overPercentage = toleratedPercentage >= 0 && (failures * 100) / items.length > toleratedPercentage;
          if (!tolerant) firstError = failure;
          else if ((toleratedCount < 0 || overCount) && (toleratedPercentage < 0 || overPercentage))
            firstError = statesErrors.toleratedFailure("The specified tolerated failure threshold was exceeded");
          if (firstError !== undefined) controller.abort(STOPPED);
        }
      }
    };
    const lanes = Math.max(1, Math.min(items.length, maxConcurrency > 0 ? maxConcurrency : items.length));
    try {
      await run.services.tracker.parked(Promise.all(Array.from({ length: lanes }, worker)));
      if (firstError !== undefined) throw firstError;
      if (signal.aborted) throw new Aborted();
      ctx.frame.prev = run.history.add("MapStateSucceeded", undefined, ctx.frame.prev);
      const result = isObject(ctx.state.ResultWriter) ? await writeResults(ctx, raw, effective, { inputs, results, failed }) : results;
      return await finishState(ctx, raw, result);
    } catch (err) {
      if (!(err instanceof Aborted)) ctx.frame.prev = run.history.add("MapStateFailed", undefined, ctx.frame.prev);
      throw err;
    } finally {
      controller.abort(STOPPED);
    }
  });
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
