import type { DescribeStateMachineForExecutionInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfn } from "../machines.js";
import { requireExecution } from "./describe-execution.js";

export const describeStateMachineForExecution = defineOperation<DescribeStateMachineForExecutionInput, Record<string, unknown>>({
  name: "DescribeStateMachineForExecution",
  handle(input, ctx) {
    const row = requireExecution(ctx, String(input.executionArn ?? ""));
    const machine = sfn(ctx).store.machine.get(row.machine_arn);
    return {
      stateMachineArn: row.machine_arn,
      name: row.machine_arn.split(":")[6],
      definition: row.definition,
      roleArn: row.role_arn,
      updateDate: new Date(machine?.created ?? row.started),
      loggingConfiguration: machine?.logging ? (JSON.parse(machine.logging) as unknown) : { level: "OFF", includeExecutionData: false },
      tracingConfiguration: machine?.tracing ? (JSON.parse(machine.tracing) as unknown) : { enabled: false },
      ...(machine ? { revisionId: machine.revision_id } : {}),
    };
  },
});
