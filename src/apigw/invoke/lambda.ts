/** Calling Lambda for integrations and authorizers, through the FunctionInvoker port. */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { InvokeResult } from "../../core/ports.js";
import { decode } from "./common.js";

/**
 * The function an integration or authorizer URI names:
 * `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`, or
 * (HTTP APIs) the function ARN itself.
 */
export function functionOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const m = /:lambda:path\/[^/]+\/functions\/(.+?)\/invocations$/.exec(uri);
  if (m) return decode(m[1]!);
  if (/^arn:[^:]+:lambda:/.test(uri)) return uri;
  return undefined;
}

export type LambdaOutcome = { kind: "ok"; result: InvokeResult } | { kind: "timeout" } | { kind: "failed"; error: unknown };

const TIMED_OUT: LambdaOutcome = { kind: "timeout" };

/** Invokes synchronously; gives up after `timeoutMs` on the server clock (the function runs on, as on AWS). */
export function invokeLambda(ctx: RequestContext, scope: Scope, fn: string, payload: string, timeoutMs: number): Promise<LambdaOutcome> {
  // One promise settled by whichever comes first; the timeout is a plain clock timer cancelled when
  // the function answers (an AbortController per request cost more than the rest of the gateway's
  // work: the abort builds a DOMException with a stack).
  return new Promise<LambdaOutcome>((resolve) => {
    const timer = ctx.clock.setTimer(ctx.clock.now() + timeoutMs, () => resolve(TIMED_OUT));
    ctx.ports
      .get("FunctionInvoker")
      .then((invoker) => invoker.invoke(scope, fn, payload, { type: "RequestResponse", source: "apigateway" }))
      .then(
        (result) => {
          timer.cancel();
          resolve({ kind: "ok", result });
        },
        (error: unknown) => {
          timer.cancel();
          resolve({ kind: "failed", error });
        },
      );
  });
}

/** The function's result as JSON, or undefined when it failed or did not return JSON. */
export function resultJson(outcome: LambdaOutcome): unknown {
  if (outcome.kind !== "ok" || outcome.result.functionError) return undefined;
  try {
    return JSON.parse(outcome.result.payload.toString("utf8"));
  } catch {
    return undefined;
  }
}
