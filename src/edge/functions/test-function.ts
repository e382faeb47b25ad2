/** TestFunction: runs a stage's code on a given event object, answering its output, logs and error. */
import type { Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { checkIfMatch, edgeOperation } from "../state.js";
import { codeOf, loadFunction, summaryOf } from "./model.js";
import { kvsIdsOf } from "./associations.js";
import { runtimeOf } from "./sandbox.js";

/** CloudFront's budget for one run; utilization is the run's time in the sandbox against it (an estimate). */
const BUDGET_MICROS = 1000;

export const testFunction = edgeOperation<{ Name: string; IfMatch?: string; Stage?: string; EventObject: unknown }, Json>({
  name: "TestFunction",
  async handle(input, ctx, state) {
    const stage = input.Stage ?? "DEVELOPMENT";
    const fn = loadFunction(ctx, state, input.Name, stage);
    checkIfMatch(input.IfMatch, fn.etag);
    let event: unknown;
    try {
      event = JSON.parse(codeOf(input.EventObject).toString("utf8"));
    } catch {
      throw edgeErrors.invalidArgument("The event object is not valid JSON.");
    }
    const result = await state.sandbox.run(fn.code.toString("utf8"), event, ctx.clock.now(), runtimeOf(fn.meta.config), kvsIdsOf(fn.meta.config));
    const utilization = Math.min(100, Math.max(1, Math.round((result.micros / BUDGET_MICROS) * 100)));
    return {
      TestResult: {
        FunctionSummary: summaryOf(fn.meta, stage),
        ComputeUtilization: String(utilization),
        FunctionExecutionLogs: result.logs,
        FunctionErrorMessage: result.ok ? "" : result.error,
        FunctionOutput: result.ok ? JSON.stringify(result.value) : "",
      },
    };
  },
});
