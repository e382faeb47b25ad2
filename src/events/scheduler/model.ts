/**
 * EventBridge Scheduler's schedules as stored (the request's own shape, as JSON), their ARNs,
 * validation with AWS's messages, and how they are shown.
 */
import type { CreateScheduleInput, GetScheduleOutput, ScheduleSummary } from "@aws-sdk/client-scheduler";
import { buildArn } from "../../core/arn.js";
import type { Scope } from "../../core/events.js";
import { AwsError } from "../../core/errors.js";
import { schedulerErrors } from "../errors.js";
import { parseSchedule, type Schedule } from "../schedule/expression.js";
import { isValidTimeZone } from "../schedule/time-zone.js";
import { Checks } from "../validate.js";
import type { ScheduleRow } from "../store.js";

export const DEFAULT_GROUP = "default";
export const NAME = "^[0-9a-zA-Z-_.]+$";
const ROLE = "^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$";

/** What is stored per schedule: the request's fields, dates as epoch milliseconds. */
export interface StoredSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  Description?: string;
  StartDate?: number;
  EndDate?: number;
  State: "ENABLED" | "DISABLED";
  ActionAfterCompletion: "NONE" | "DELETE";
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: NonNullable<CreateScheduleInput["Target"]>;
  KmsKeyArn?: string;
}

export function scheduleArn(scope: Scope, group: string, name: string): string {
  return buildArn({ service: "scheduler", region: scope.region, accountId: scope.accountId, resource: `schedule/${group}/${name}` });
}

export function groupArn(scope: Scope, group: string): string {
  return buildArn({ service: "scheduler", region: scope.region, accountId: scope.accountId, resource: `schedule-group/${group}` });
}

export function schedulerChecks(): Checks {
  return new Checks((errors) => new AwsError("ValidationException", `${errors.length} validation error${errors.length === 1 ? "" : "s"} detected: ${errors.join("; ")}`, { status: 400 }));
}

function epochMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value * 1000;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw schedulerErrors.validation("Invalid date.");
}

/** Validates a Create/UpdateSchedule input; returns what to store and the parsed expression. */
export function validateSchedule(input: CreateScheduleInput): { stored: StoredSchedule; schedule: Schedule } {
  const t = input.Target;
  const c = schedulerChecks()
    .required("name", input.Name)
    .string("name", input.Name, { min: 1, max: 64, pattern: NAME })
    .string("groupName", input.GroupName, { min: 1, max: 64, pattern: NAME })
    .required("scheduleExpression", input.ScheduleExpression)
    .string("scheduleExpression", input.ScheduleExpression, { min: 1, max: 256 })
    .string("scheduleExpressionTimezone", input.ScheduleExpressionTimezone, { min: 1, max: 50 })
    .string("description", input.Description, { max: 512 })
    .oneOf("state", input.State, ["ENABLED", "DISABLED"])
    .oneOf("actionAfterCompletion", input.ActionAfterCompletion, ["NONE", "DELETE"])
    .required("flexibleTimeWindow", input.FlexibleTimeWindow)
    .required("target", t);
  if (input.FlexibleTimeWindow) {
    c.required("flexibleTimeWindow.mode", input.FlexibleTimeWindow.Mode)
      .oneOf("flexibleTimeWindow.mode", input.FlexibleTimeWindow.Mode, ["OFF", "FLEXIBLE"])
      .int("flexibleTimeWindow.maximumWindowInMinutes", input.FlexibleTimeWindow.MaximumWindowInMinutes, 1, 1440);
  }
  if (t) {
    c.required("target.arn", t.Arn)
      .string("target.arn", t.Arn, { min: 1, max: 1600 })
      .required("target.roleArn", t.RoleArn)
      .string("target.roleArn", t.RoleArn, { min: 1, max: 1600, pattern: ROLE })
      .string("target.input", t.Input, { min: 1 })
      .int("target.retryPolicy.maximumRetryAttempts", t.RetryPolicy?.MaximumRetryAttempts, 0, 185)
      .int("target.retryPolicy.maximumEventAgeInSeconds", t.RetryPolicy?.MaximumEventAgeInSeconds, 60, 86_400);
  }
  c.done();
  const window = input.FlexibleTimeWindow!;
  if (window.Mode === "FLEXIBLE" && window.MaximumWindowInMinutes === undefined) {
    throw schedulerErrors.validation("MaximumWindowInMinutes must be provided when the FlexibleTimeWindow Mode is FLEXIBLE.");
  }
  if (window.Mode === "OFF" && window.MaximumWindowInMinutes !== undefined) {
    throw schedulerErrors.validation("MaximumWindowInMinutes must not be provided when the FlexibleTimeWindow Mode is OFF.");
  }
  const schedule = parseSchedule(input.ScheduleExpression!, true);
  if (!schedule) throw schedulerErrors.validation(`Invalid Schedule Expression ${input.ScheduleExpression}.`);
  const zone = input.ScheduleExpressionTimezone;
  if (zone !== undefined && !isValidTimeZone(zone)) throw schedulerErrors.validation(`Invalid ScheduleExpressionTimezone ${zone}.`);
  const start = epochMs(input.StartDate);
  const end = epochMs(input.EndDate);
  if (start !== undefined && end !== undefined && end <= start) throw schedulerErrors.validation("The EndDate must be after the StartDate.");
  if (t!.Arn!.startsWith("arn:aws:sqs:") && t!.Arn!.endsWith(".fifo") && !t!.SqsParameters?.MessageGroupId) {
    throw schedulerErrors.validation("MessageGroupId must be provided for FIFO queue targets.");
  }
  const stored: StoredSchedule = {
    Name: input.Name!,
    GroupName: input.GroupName ?? DEFAULT_GROUP,
    ScheduleExpression: input.ScheduleExpression!,
    ...(zone !== undefined ? { ScheduleExpressionTimezone: zone } : {}),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(start !== undefined ? { StartDate: start } : {}),
    ...(end !== undefined ? { EndDate: end } : {}),
    State: input.State ?? "ENABLED",
    ActionAfterCompletion: input.ActionAfterCompletion ?? "NONE",
    FlexibleTimeWindow: { Mode: window.Mode!, ...(window.MaximumWindowInMinutes !== undefined ? { MaximumWindowInMinutes: window.MaximumWindowInMinutes } : {}) },
    Target: t!,
    ...(input.KmsKeyArn !== undefined ? { KmsKeyArn: input.KmsKeyArn } : {}),
  };
  return { stored, schedule };
}

export function scheduleView(scope: Scope, row: ScheduleRow): GetScheduleOutput {
  const s = JSON.parse(row.config) as StoredSchedule;
  return {
    Arn: scheduleArn(scope, row.grp, row.name),
    Name: s.Name,
    GroupName: s.GroupName,
    ScheduleExpression: s.ScheduleExpression,
    ScheduleExpressionTimezone: s.ScheduleExpressionTimezone ?? "UTC",
    ...(s.Description !== undefined ? { Description: s.Description } : {}),
    ...(s.StartDate !== undefined ? { StartDate: new Date(s.StartDate) } : {}),
    ...(s.EndDate !== undefined ? { EndDate: new Date(s.EndDate) } : {}),
    State: s.State,
    ActionAfterCompletion: s.ActionAfterCompletion,
    FlexibleTimeWindow: s.FlexibleTimeWindow as GetScheduleOutput["FlexibleTimeWindow"],
    Target: s.Target,
    ...(s.KmsKeyArn !== undefined ? { KmsKeyArn: s.KmsKeyArn } : {}),
    CreationDate: new Date(row.created),
    LastModificationDate: new Date(row.modified),
  };
}

export function scheduleSummary(scope: Scope, row: ScheduleRow): ScheduleSummary {
  const s = JSON.parse(row.config) as StoredSchedule;
  return {
    Arn: scheduleArn(scope, row.grp, row.name),
    Name: s.Name,
    GroupName: s.GroupName,
    State: s.State,
    CreationDate: new Date(row.created),
    LastModificationDate: new Date(row.modified),
    Target: { Arn: s.Target.Arn },
  };
}
