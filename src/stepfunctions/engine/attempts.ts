/** Runs a Task, Parallel or Map attempt under the state's Retry and Catch. */
import { evaluateTemplate } from "../asl/jsonata.js";
import type { Json, JsonObject } from "../asl/json.js";
import { asStatesError } from "../asl/states-error.js";
import { assign, isJsonata, jsonataScope, pathScope, withResultPath, type StateCtx } from "./io.js";
import { Aborted, checkpoint, Parked, sleepUntil, type StepResult } from "./interpreter.js";
import { catcherFor, retryDecision } from "./retry.js";

export async function withRetryAndCatch(ctx: StateCtx, raw: Json, signal: AbortSignal, attempt: () => Promise<Json>): Promise<StepResult> {
  const run = ctx.frame.run;
  for (;;) {
    try {
      return { output: await attempt(), next: ctx.state.Next as string | undefined };
    } catch (err) {
      if (err instanceof Parked) throw err;
      if (err instanceof Aborted || run.signal.aborted || signal.aborted) throw err instanceof Aborted ? err : new Aborted();
      const failure = asStatesError(err);
      const retry = retryDecision(ctx.state, ctx.name, failure, ctx.frame.retries);
      if (retry) {
        ctx.retryCount++;
        checkpoint(ctx.frame, ctx.name, raw);
        await sleepUntil(run, run.services.wakeups.now() + Math.round(retry.delayMs * run.services.waitScale), signal);
        continue;
      }
      const catcher = catcherFor(ctx.state, failure);
      if (!catcher) throw failure;
      const errorOutput: JsonObject = { Error: failure.error, Cause: failure.cause };
      return { output: await caughtOutput(ctx, catcher, raw, errorOutput), next: String(catcher.Next) };
    }
  }
}

async function caughtOutput(ctx: StateCtx, catcher: JsonObject, raw: Json, errorOutput: JsonObject): Promise<Json> {
  if (isJsonata(ctx)) {
    const scope = jsonataScope(ctx, { input: raw, errorOutput });
    const output = catcher.Output === undefined ? errorOutput : ((await evaluateTemplate(catcher.Output, scope, "Output")) ?? null);
    await assign(ctx, catcher.Assign, scope);
    return output;
  }
  await assign(ctx, catcher.Assign, pathScope(ctx, errorOutput));
  return withResultPath(catcher.ResultPath, raw, errorOutput);
}
