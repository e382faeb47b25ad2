/**
 * A state's data flow in both query languages. JSONPath: InputPath → Parameters → (work) →
 * ResultSelector → ResultPath → OutputPath, Assign reading the selected result. JSONata:
 * Arguments → (work) → Output, Assign; `$states` holds input, result, errorOutput, context.
 */
import { evaluateTemplate, type JsonataScope } from "../asl/jsonata.js";
import { cloneJson, isObject, type Json, type JsonObject } from "../asl/json.js";
import { applyReferencePath, ResultPathError } from "../asl/paths.js";
import { resolvePath, type PathScope } from "../asl/scope.js";
import { statesErrors } from "../asl/states-error.js";
import { applyTemplate } from "../asl/template.js";
import type { Frame } from "./run.js";

export interface StateCtx {
  name: string;
  state: JsonObject;
  frame: Frame;
  enteredTime: number;
  retryCount: number;
  token?: string;
  /** Variables this state assigned (shown in its StateExited event). */
  assigned?: JsonObject;
}

export function isJsonata(ctx: StateCtx): boolean {
  return (ctx.state.QueryLanguage ?? ctx.frame.language) === "JSONata";
}

export function contextObject(ctx: StateCtx): JsonObject {
  const info = ctx.frame.run.info;
  const context: JsonObject = {
    Execution: {
      Id: info.arn,
      Input: info.input,
      Name: info.name,
      RoleArn: info.roleArn,
      StartTime: new Date(info.startTime).toISOString(),
      RedriveCount: info.redriveCount,
    },
    State: { EnteredTime: new Date(ctx.enteredTime).toISOString(), Name: ctx.name, RetryCount: ctx.retryCount },
    StateMachine: { Id: info.machineArn, Name: info.machineName },
  };
  if (ctx.token !== undefined) context.Task = { Token: ctx.token };
  if (ctx.frame.mapItem) context.Map = { Item: ctx.frame.mapItem };
  return context;
}

/**
 * The context object is built only when a path reads `$$` (most states never do). A class: an
 * object literal with a getter costs a new hidden class per call (measured 2% of an execution).
 */
class LazyPathScope implements PathScope {
  private built: JsonObject | undefined;
  readonly variables: JsonObject;
  constructor(
    private readonly ctx: StateCtx,
    readonly input: Json,
  ) {
    this.variables = ctx.frame.variables;
  }

  get context(): JsonObject {
    return (this.built ??= contextObject(this.ctx));
  }
}

export function pathScope(ctx: StateCtx, input: Json): PathScope {
  return new LazyPathScope(ctx, input);
}

export function jsonataScope(ctx: StateCtx, states: JsonObject): JsonataScope {
  let context: JsonObject | undefined;
  const withContext = Object.defineProperty({ ...states }, "context", { enumerable: true, get: () => (context ??= contextObject(ctx)) });
  return { states: withContext, variables: ctx.frame.variables, now: ctx.frame.run.services.wakeups.now() };
}

/** InputPath (JSONPath only; `null` gives `{}`). */
export function effectiveInput(ctx: StateCtx, raw: Json): Json {
  if (isJsonata(ctx)) return raw;
  const path = ctx.state.InputPath;
  if (path === null) return {};
  if (path === undefined || path === "$") return raw;
  return resolvePath(String(path), pathScope(ctx, raw), (missing) => statesErrors.runtime(`Invalid path '${String(path)}' : No results for path: ${missing}`));
}

/** The payload a Task/Parallel/Map works on: Parameters (JSONPath) or Arguments (JSONata). */
export async function taskInput(ctx: StateCtx, raw: Json, effective: Json): Promise<Json> {
  if (isJsonata(ctx)) {
    if (ctx.state.Arguments === undefined) return raw;
    return (await evaluateTemplate(ctx.state.Arguments, jsonataScope(ctx, { input: raw }), "Arguments")) ?? null;
  }
  if (ctx.state.Parameters === undefined) return effective;
  return applyTemplate(ctx.state.Parameters, pathScope(ctx, effective));
}

/**
 * From a state's result to its output, applying Assign. `defaultOutput` is what JSONata's
 * missing Output gives (the result for Task/Parallel/Map, the input for Pass/Wait/Choice).
 */
export async function finishState(ctx: StateCtx, raw: Json, result: Json, options: { selector?: boolean; resultPath?: boolean } = {}): Promise<Json> {
  if (isJsonata(ctx)) {
    const scope = jsonataScope(ctx, { input: raw, result });
    const output = ctx.state.Output === undefined ? result : ((await evaluateTemplate(ctx.state.Output, scope, "Output")) ?? null);
    await assign(ctx, ctx.state.Assign, scope);
    return output;
  }
  let selected = result;
  if (options.selector !== false && ctx.state.ResultSelector !== undefined) selected = applyTemplate(ctx.state.ResultSelector, pathScope(ctx, result));
  await assign(ctx, ctx.state.Assign, pathScope(ctx, selected));
  const combined = options.resultPath === false ? selected : withResultPath(ctx.state.ResultPath, raw, selected);
  return outputPath(ctx, combined);
}

export function withResultPath(resultPath: Json | undefined, raw: Json, result: Json): Json {
  if (resultPath === null) return raw;
  if (resultPath === undefined || resultPath === "$") return result;
  try {
    return applyReferencePath(cloneJson(raw), String(resultPath), result);
  } catch (err) {
    if (err instanceof ResultPathError)
      throw statesErrors.runtime(`Unable to apply ReferencePath ${String(resultPath)} to input '${JSON.stringify(raw)}'`);
    throw err;
  }
}

export function outputPath(ctx: StateCtx, data: Json): Json {
  const path = ctx.state.OutputPath;
  if (path === null) return {};
  if (path === undefined || path === "$") return data;
  return resolvePath(String(path), pathScope(ctx, data), (missing) => statesErrors.runtime(`Invalid path '${String(path)}' : No results for path: ${missing}`));
}

/** Evaluates every value of an Assign block against the pre-state variables, then sets them together. */
export async function assign(ctx: StateCtx, block: Json | undefined, scope: PathScope | ReturnType<typeof jsonataScope>): Promise<void> {
  if (!isObject(block)) return;
  let values: Json;
  if ("states" in scope) values = (await evaluateTemplate(block, scope, "Assign")) ?? {};
  else values = applyTemplate(block, scope);
  if (!isObject(values)) return;
  if (Buffer.byteLength(JSON.stringify(values)) > 256 * 1024)
    throw statesErrors.runtime(`The variables assigned by the state '${ctx.name}' exceed the 256 KiB limit`);
  for (const key of Object.keys(values)) ctx.frame.variables[key] = values[key]!;
  ctx.assigned = { ...(ctx.assigned ?? {}), ...values };
}
