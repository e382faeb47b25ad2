import type { DescribeExecutionInput } from "@aws-sdk/client-sfn";
import type { RequestContext } from "../../core/context.js";
import { sfnOperation } from "../state.js";
import { parseExecutionArn } from "../arns.js";
import { sfnErrors } from "../errors.js";
import type { ExecutionRow } from "../store.js";
import type { Engine } from "../engine/engine.js";

export function requireExecution(engine: Engine, ctx: RequestContext, arn: string): ExecutionRow {
  const ref = parseExecutionArn(arn);
  if (ref.express) throw sfnErrors.invalidArn(arn, "Resource type not valid in this context: express");
  const row = engine.store.execution.get(arn);
  if (!row || ref.accountId !== ctx.accountId) throw sfnErrors.executionNotFound(arn);
  return row;
}

export function redriveStatus(row: ExecutionRow): Record<string, unknown> {
  if (row.status === "RUNNING") return { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is RUNNING and cannot be redriven" };
  if (row.status === "SUCCEEDED") return { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven" };
  return { redriveStatus: "REDRIVABLE" };
}

export const describeExecution = sfnOperation<DescribeExecutionInput, Record<string, unknown>>({
  name: "DescribeExecution",
  handle(input, ctx, engine) {
    const row = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    return {
      executionArn: row.arn,
      stateMachineArn: row.version_arn ?? row.machine_arn,
      name: row.name,
      status: row.status,
      startDate: new Date(row.started),
      ...(row.stopped !== null ? { stopDate: new Date(row.stopped) } : {}),
      input: row.input,
      inputDetails: { included: true },
      ...(row.output !== null ? { output: row.output, outputDetails: { included: true } } : {}),
      ...(row.error !== null ? { error: row.error } : {}),
      ...(row.cause !== null ? { cause: row.cause } : {}),
      ...(row.trace_header ? { traceHeader: row.trace_header } : {}),
      ...(row.version_arn ? { stateMachineVersionArn: row.version_arn } : {}),
      ...(row.alias_arn ? { stateMachineAliasArn: row.alias_arn } : {}),
      ...(row.map_run ? { mapRunArn: row.map_run } : {}),
      redriveCount: row.redrive_count,
      ...redriveStatus(row),
    };
  },
});
