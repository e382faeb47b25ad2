/**
 * Execution history delivered to CloudWatch Logs when the state machine's loggingConfiguration
 * asks (the only record of EXPRESS executions, as on AWS): one JSON line per event in AWS's shape
 * (`id`, `type`, `details`, `previous_event_id`, `event_timestamp`, `execution_arn`,
 * `redrive_count`), filtered by level (ALL, ERROR, FATAL), without inputs and outputs unless
 * includeExecutionData.
 */
import type { LogSink } from "../../core/ports.js";
import type { ServiceEnv } from "../../core/service.js";
import type { SfnStore } from "../store.js";
import type { History, HistoryEvent } from "./history.js";
import type { ExecutionInfo } from "./run.js";

export interface ExecutionLogging {
  level: "ALL" | "ERROR" | "FATAL";
  includeExecutionData: boolean;
  logGroupName: string;
}

const FATAL = new Set(["ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]);

function wanted(level: ExecutionLogging["level"], type: string): boolean {
  if (level === "ALL") return true;
  if (level === "FATAL") return FATAL.has(type);
  return FATAL.has(type) || /(Failed|TimedOut|Aborted)$/.test(type);
}

/** The logging to apply for a machine's stored loggingConfiguration, or undefined when OFF. */
export function executionLogging(stored: string | null): ExecutionLogging | undefined {
  if (!stored) return undefined;
  const config = JSON.parse(stored) as { level?: string; includeExecutionData?: boolean; destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[] };
  const level = config.level;
  if (level !== "ALL" && level !== "ERROR" && level !== "FATAL") return undefined;
  const arn = config.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  const name = arn ? /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1] : undefined;
  if (!name) return undefined;
  return { level, includeExecutionData: config.includeExecutionData === true, logGroupName: name };
}

export function writeExecutionLog(sink: LogSink, scope: { accountId: string; region: string }, logging: ExecutionLogging, meta: { arn: string; machineName: string; redriveCount: number; startTime: number }, events: HistoryEvent[]): void {
  const lines = events
    .filter((e) => wanted(logging.level, e.type))
    .map((e) => {
      let details = e.details ?? {};
      if (!logging.includeExecutionData) {
        details = { ...details };
        for (const field of ["input", "output", "parameters", "inputDetails", "outputDetails"]) delete details[field];
      }
      const line = {
        id: String(e.id),
        type: e.type,
        details,
        previous_event_id: String(e.previousEventId),
        event_timestamp: String(e.timestamp),
        execution_arn: meta.arn,
        redrive_count: String(meta.redriveCount),
      };
      return { timestamp: e.timestamp, message: JSON.stringify(line) };
    });
  if (lines.length === 0) return;
  const stamp = new Date(meta.startTime).toISOString().slice(0, 16).replace(/[T:]/g, "-");
  const stream = `states/${meta.machineName}/${stamp}/${meta.arn.slice(-8)}`;
  sink.put(scope, logging.logGroupName, stream, lines);
}

/** Writes an ended execution's history to its log group: a STANDARD one's from the store, an EXPRESS one's from memory. */
export async function deliverExecutionLog(env: ServiceEnv, store: SfnStore, info: ExecutionInfo, history: History, status: string, logging: ExecutionLogging): Promise<void> {
  if (status === "ABORTED" && info.type === "STANDARD" && !store.store.raw.open) return;
  const events =
    info.type === "STANDARD"
      ? store.history.all(info.arn).map((r) => ({ id: r.id, previousEventId: r.previous, type: r.type, timestamp: r.ts, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : undefined }))
      : history.events;
  const sink = await env.ports.get("LogSink");
  writeExecutionLog(sink, info, logging, { arn: info.arn, machineName: info.machineName, redriveCount: info.redriveCount, startTime: info.startTime }, events);
}
