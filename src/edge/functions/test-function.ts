/** TestFunction: runs a stage's code on a given event object, answering its output, logs and error. */
import type { Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { checkIfMatch, edgeOperation } from "../state.js";
import { codeOf, loadFunction, summaryOf } from "./model.js";
import { runFunction } from "./sandbox.js";

/** CloudFront's budget for one run; utilization is this process's CPU time against it (an estimate). */
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
    const before = process.cpuUsage();
    const result = await runFunction(fn.code.toString("utf8"), event, ctx.clock.now());
    const used = process.cpuUsage(before);
    const utilization = Math.min(100, Math.max(1, Math.round(((used.user + used.system) / BUDGET_MICROS) * 100)));
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
