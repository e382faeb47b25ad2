import type { DescribeStateMachineForExecutionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { requireExecution } from "./describe-execution.js";

export const describeStateMachineForExecution = sfnOperation<DescribeStateMachineForExecutionInput, Record<string, unknown>>({
  name: "DescribeStateMachineForExecution",
  handle(input, ctx, engine) {
    const row = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    const machine = engine.store.machine.get(row.machine_arn);
    return {
      stateMachineArn: row.machine_arn,
      name: row.machine_arn.split(":")[6],
      definition: row.definition,
      roleArn: row.role_arn,
      updateDate: new Date(machine?.created ?? row.started),
      loggingConfiguration: machine?.logging ? (JSON.parse(machine.logging) as unknown) : { level: "OFF", includeExecutionData: false },
      tracingConfiguration: machine?.tracing ? (JSON.parse(machine.tracing) as unknown) : { enabled: false },
      ...(machine ? { revisionId: machine.revision_id } : {}),
      // A Map Run's child runs the ItemProcessor of `<machine>/<label>`.
      ...(row.map_run ? { mapRunArn: row.map_run, label: row.machine_arn.slice(row.machine_arn.indexOf("/") + 1) } : {}),
    };
  },
});
