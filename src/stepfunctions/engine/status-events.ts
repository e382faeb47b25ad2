/**
 * "Step Functions Execution Status Change" events (source `aws.states`) for the default event bus,
 * as AWS sends them for STANDARD executions (EXPRESS ones send none): appended to the durable
 * event log in the transaction that changes the execution's status, routed by EventBridge.
 */
import type { ServiceEnv } from "../../core/service.js";
import type { ExecutionRow } from "../store.js";

/** AWS leaves input out past 248 KB of escaped input and output together, output past 248 KB alone. */
const EVENT_DATA_LIMIT = 248 * 1024;

/** `at`: when the status changed (the event's time); `redriveDate` after a redrive. */
export function emitStatusChange(env: Pick<ServiceEnv, "eventLog">, row: ExecutionRow, at: number, redriveDate?: number): void {
  const [, , , region = "", accountId = ""] = row.arn.split(":");
  const status = row.status;
  const outputFits = row.output !== null && Buffer.byteLength(JSON.stringify(row.output)) <= EVENT_DATA_LIMIT;
  const inputFits = Buffer.byteLength(JSON.stringify(row.input)) + (outputFits ? Buffer.byteLength(JSON.stringify(row.output)) : 0) <= EVENT_DATA_LIMIT;
  const redrivable = status !== "RUNNING" && status !== "SUCCEEDED";
  const detail = {
    executionArn: row.arn,
    stateMachineArn: row.version_arn ?? row.machine_arn,
    name: row.name,
    status,
    startDate: row.started,
    stopDate: row.stopped,
    input: inputFits ? row.input : null,
    inputDetails: { included: inputFits },
    output: outputFits ? row.output : null,
    outputDetails: row.output !== null ? { included: outputFits } : null,
    error: row.error,
    cause: row.cause,
    redriveCount: row.redrive_count,
    redriveDate: redriveDate ?? null,
    redriveStatus: redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE",
    redriveStatusReason: redrivable ? null : `Execution is ${status} and cannot be redriven`,
  };
  env.eventLog.append("aws.ServiceEventEmitted", {
    accountId,
    region,
    source: "aws.states",
    detailType: "Step Functions Execution Status Change",
    detail,
    resources: [row.arn],
    time: at,
  });
}
