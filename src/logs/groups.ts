/** Log groups and streams as the operations see them: lookups, ARNs and wire shapes. */
import type { LogGroup, LogStream } from "@aws-sdk/client-cloudwatch-logs";
import { arns, parseArn } from "../core/arn.js";
import type { Scope } from "../core/events.js";
import { logsErrors } from "./errors.js";
import type { GroupRow, LogsStore, StreamRow } from "./store.js";
import { LOG_GROUP_NAME } from "./validate.js";

export function groupArn(scope: Scope, name: string): string {
  return arns.logGroup(scope.region, scope.accountId, name);
}

export function findGroup(ls: LogsStore, scope: Scope, name: string): GroupRow | undefined {
  return ls.groupByName.get(scope.accountId, scope.region, name);
}

export function requireGroup(ls: LogsStore, scope: Scope, name: string): GroupRow {
  const row = findGroup(ls, scope, name);
  if (!row) throw logsErrors.groupNotFound();
  return row;
}

export function requireStream(ls: LogsStore, group: GroupRow, name: string): StreamRow {
  const row = ls.streamByName.get(group.id, name);
  if (!row) throw logsErrors.streamNotFound();
  return row;
}

/**
 * The name in a log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>`, with or without
 * the trailing `:*` that DescribeLogGroups' `arn` carries); undefined when it is not one of ours.
 */
export function groupNameFromArn(scope: Scope, arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "logs" || !parsed.resource.startsWith("log-group:")) return undefined;
  if (parsed.region !== scope.region || parsed.accountId !== scope.accountId) return undefined;
  const name = parsed.resource.slice("log-group:".length).replace(/:\*$/, "");
  return LOG_GROUP_NAME.test(name) ? name : undefined;
}

/**
 * Operations that take `logGroupName` or `logGroupIdentifier` (a name or an ARN): exactly one of
 * the two must be given.
 */
export function groupFromNameOrIdentifier(ls: LogsStore, scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): GroupRow {
  // JSON null is an absent member, as coral reads it.
  const logGroupName = input.logGroupName ?? undefined;
  const logGroupIdentifier = input.logGroupIdentifier ?? undefined;
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    throw logsErrors.invalidParameter("LogGroupName and LogGroupIdentifier are mutually exclusive parameters.");
  }
  if (logGroupName === undefined && logGroupIdentifier === undefined) {
    throw logsErrors.invalidParameter("Should provide either logGroupName or logGroupIdentifier.");
  }
  const name = logGroupName ?? (logGroupIdentifier!.startsWith("arn:") ? groupNameFromArn(scope, logGroupIdentifier!) : logGroupIdentifier!);
  if (name === undefined) throw logsErrors.groupNotFound();
  return requireGroup(ls, scope, name);
}

export function toLogGroup(scope: Scope, row: GroupRow): LogGroup {
  const arn = groupArn(scope, row.name);
  return {
    logGroupName: row.name,
    creationTime: row.created,
    retentionInDays: row.retention_days ?? undefined,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: row.stored_bytes,
    kmsKeyId: row.kms_key_id ?? undefined,
    logGroupClass: row.class as LogGroup["logGroupClass"],
    logGroupArn: arn,
  };
}

export function toLogStream(scope: Scope, groupName: string, row: StreamRow): LogStream {
  return {
    logStreamName: row.name,
    creationTime: row.created,
    firstEventTimestamp: row.first_event ?? undefined,
    lastEventTimestamp: row.last_event ?? undefined,
    lastIngestionTime: row.last_ingestion ?? undefined,
    uploadSequenceToken: row.upload_seq > 0 ? sequenceToken(row.upload_seq) : undefined,
    arn: `${groupArn(scope, groupName)}:log-stream:${row.name}`,
    // AWS reports 0 for streams since June 2019 (the group's storedBytes is the real figure).
    storedBytes: 0,
  };
}

/** Sequence tokens are ignored by PutLogEvents now; AWS still hands them out, as digits. */
export function sequenceToken(seq: number): string {
  return `4963${String(seq).padStart(52, "0")}`;
}
