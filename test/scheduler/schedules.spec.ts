import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { drain, queue, recordingFunction } from "../events/helpers.js";

const ctx = useServer();
const scheduler = (): SchedulerClient => ctx.client(SchedulerClient);
const sqs = (): SQSClient => ctx.client(SQSClient);
const ROLE = "arn:aws:iam::000000000000:role/scheduler";
const HOUR = 3_600_000;
const OFF = { Mode: "OFF" as const };

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

describe("schedules", () => {
  it("creates, gets, updates, lists and deletes a schedule", async () => {
    const name = uniqueName("s");
    const { ScheduleArn } = await scheduler().send(
      new CreateScheduleCommand({ Name: name, ScheduleExpression: "rate(5 minutes)", FlexibleTimeWindow: OFF, Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q", RoleArn: ROLE, Input: '{"a":1}' } }),
    );
    expect(ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${name}`);
    const got = await scheduler().send(new GetScheduleCommand({ Name: name }));
    expect(got).toMatchObject({ Arn: ScheduleArn, Name: name, GroupName: "default", ScheduleExpression: "rate(5 minutes)", ScheduleExpressionTimezone: "UTC", State: "ENABLED", ActionAfterCompletion: "NONE", FlexibleTimeWindow: OFF, Target: { Input: '{"a":1}' } });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await scheduler().send(
      new UpdateScheduleCommand({ Name: name, ScheduleExpression: "rate(1 hour)", State: "DISABLED", FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 }, Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q", RoleArn: ROLE } }),
    );
    expect(await scheduler().send(new GetScheduleCommand({ Name: name }))).toMatchObject({ ScheduleExpression: "rate(1 hour)", State: "DISABLED", FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 } });
    const { Schedules } = await scheduler().send(new ListSchedulesCommand({ NamePrefix: name }));
    expect(Schedules).toMatchObject([{ Name: name, GroupName: "default", State: "DISABLED", Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q" } }]);
    await scheduler().send(new DeleteScheduleCommand({ Name: name }));
    await expectAwsError(scheduler().send(new GetScheduleCommand({ Name: name })), { name: "ResourceNotFoundException", status: 404, message: `Schedule ${name} does not exist.` });
  });

  it("refuses duplicates, bad expressions, time zones and windows", async () => {
    const name = uniqueName("s");
    const base = { Name: name, ScheduleExpression: "rate(1 hour)", FlexibleTimeWindow: OFF, Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q", RoleArn: ROLE } };
    await scheduler().send(new CreateScheduleCommand(base));
    await expectAwsError(scheduler().send(new CreateScheduleCommand(base)), { name: "ConflictException", status: 409, message: `Schedule ${name} already exists.` });
    await expectAwsError(scheduler().send(new CreateScheduleCommand({ ...base, Name: uniqueName("s"), ScheduleExpression: "every hour" })), { name: "ValidationException", status: 400, message: "Invalid Schedule Expression every hour." });
    await expectAwsError(scheduler().send(new CreateScheduleCommand({ ...base, Name: uniqueName("s"), ScheduleExpressionTimezone: "Mars/Olympus" })), { name: "ValidationException", status: 400 });
    await expectAwsError(scheduler().send(new CreateScheduleCommand({ ...base, Name: uniqueName("s"), FlexibleTimeWindow: { Mode: "FLEXIBLE" } })), { name: "ValidationException", status: 400 });
    await expectAwsError(scheduler().send(new CreateScheduleCommand({ ...base, Name: uniqueName("s"), GroupName: uniqueName("nogroup") })), { name: "ResourceNotFoundException", status: 404 });
    await expectAwsError(scheduler().send(new CreateScheduleCommand({ ...base, Name: uniqueName("s"), Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q", RoleArn: "not-a-role" } })), {
      name: "ValidationException",
      message: /^1 validation error detected: Value 'not-a-role' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    });
    await expectAwsError(scheduler().send(new UpdateScheduleCommand({ ...base, Name: uniqueName("none") })), { name: "ResourceNotFoundException", status: 404 });
  });
});

describe("schedule groups", () => {
  it("creates, gets, lists and deletes a group with its schedules", async () => {
    const group = uniqueName("g");
    const { ScheduleGroupArn } = await scheduler().send(new CreateScheduleGroupCommand({ Name: group }));
    expect(ScheduleGroupArn).toBe(`arn:aws:scheduler:us-east-1:000000000000:schedule-group/${group}`);
    expect(await scheduler().send(new GetScheduleGroupCommand({ Name: group }))).toMatchObject({ Name: group, State: "ACTIVE", Arn: ScheduleGroupArn });
    expect(await scheduler().send(new GetScheduleGroupCommand({ Name: "default" }))).toMatchObject({ Name: "default", State: "ACTIVE" });
    const { ScheduleGroups } = await scheduler().send(new ListScheduleGroupsCommand({}));
    expect(ScheduleGroups?.map((g) => g.Name)).toEqual(expect.arrayContaining(["default", group]));
    await scheduler().send(new CreateScheduleCommand({ Name: "in-group", GroupName: group, ScheduleExpression: "rate(1 hour)", FlexibleTimeWindow: OFF, Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:q", RoleArn: ROLE } }));
    expect((await scheduler().send(new ListSchedulesCommand({ GroupName: group }))).Schedules).toHaveLength(1);
    await expectAwsError(scheduler().send(new CreateScheduleGroupCommand({ Name: group })), { name: "ConflictException", status: 409 });
    await scheduler().send(new DeleteScheduleGroupCommand({ Name: group }));
    await expectAwsError(scheduler().send(new GetScheduleGroupCommand({ Name: group })), { name: "ResourceNotFoundException", status: 404 });
    await expectAwsError(scheduler().send(new DeleteScheduleGroupCommand({ Name: "default" })), { name: "ValidationException", status: 400 });
  });
});

describe("tags", () => {
  it("tags schedule groups", async () => {
    const group = uniqueName("g");
    const { ScheduleGroupArn } = await scheduler().send(new CreateScheduleGroupCommand({ Name: group, Tags: [{ Key: "team", Value: "ops" }] }));
    await scheduler().send(new TagResourceCommand({ ResourceArn: ScheduleGroupArn, Tags: [{ Key: "env", Value: "dev" }] }));
    expect((await scheduler().send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([
      { Key: "team", Value: "ops" },
      { Key: "env", Value: "dev" },
    ]);
    await scheduler().send(new UntagResourceCommand({ ResourceArn: ScheduleGroupArn, TagKeys: ["team", "env"] }));
    expect((await scheduler().send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([]);
    await expectAwsError(scheduler().send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:scheduler:us-east-1:000000000000:schedule-group/${uniqueName("none")}` })), { name: "ResourceNotFoundException", status: 404 });
  });
});

describe("firing on the virtual clock", () => {
  it("runs a one-time at() schedule in its time zone, then deletes it (ActionAfterCompletion DELETE)", async () => {
    const q = await queue(sqs());
    const name = uniqueName("once");
    const due = Math.ceil((ctx.clock.now().getTime() + 2 * HOUR) / 60_000) * 60_000;
    // The same instant, written in Tokyo's wall-clock time (UTC+9, no daylight saving).
    await scheduler().send(
      new CreateScheduleCommand({
        Name: name,
        ScheduleExpression: `at(${iso(due + 9 * HOUR)})`,
        ScheduleExpressionTimezone: "Asia/Tokyo",
        FlexibleTimeWindow: OFF,
        ActionAfterCompletion: "DELETE",
        Target: { Arn: q.arn, RoleArn: ROLE, Input: '{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>"}' },
      }),
    );
    await ctx.clock.advance(due - ctx.clock.now().getTime() - 1000);
    expect(await drain(sqs(), q.url)).toEqual([]);
    await ctx.clock.advance(1000);
    const messages = await drain(sqs(), q.url);
    expect(messages.map((m) => JSON.parse(m.Body!) as unknown)).toEqual([
      { arn: `arn:aws:scheduler:us-east-1:000000000000:schedule/default/${name}`, at: new Date(due).toISOString().replace(".000", "") },
    ]);
    await expectAwsError(scheduler().send(new GetScheduleCommand({ Name: name })), { name: "ResourceNotFoundException" });
  });

  it("runs a rate schedule until its EndDate, invoking a Lambda function with the Input", async () => {
    const fn = await recordingFunction(ctx.client(LambdaClient));
    const name = uniqueName("rate");
    const now = ctx.clock.now().getTime();
    await scheduler().send(
      new CreateScheduleCommand({
        Name: name,
        ScheduleExpression: "rate(1 hour)",
        EndDate: new Date(now + 3.5 * HOUR),
        FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 5 },
        Target: { Arn: fn.arn, RoleArn: ROLE, Input: '{"job":"report"}' },
      }),
    );
    await ctx.clock.advance(6 * HOUR);
    expect(fn.events()).toEqual([{ job: "report" }, { job: "report" }, { job: "report" }]);
    expect((await scheduler().send(new GetScheduleCommand({ Name: name }))).State).toBe("ENABLED");
  });

  it("runs cron in a time zone and skips while disabled", async () => {
    const q = await queue(sqs());
    const name = uniqueName("cron");
    const target = { Arn: q.arn, RoleArn: ROLE, Input: '"<aws.scheduler.scheduled-time>"' };
    await scheduler().send(new CreateScheduleCommand({ Name: name, ScheduleExpression: "cron(0 9 * * ? *)", ScheduleExpressionTimezone: "Europe/Paris", FlexibleTimeWindow: OFF, Target: target }));
    await ctx.clock.advance(48 * HOUR);
    const times = (await drain(sqs(), q.url)).map((m) => JSON.parse(m.Body!) as string).sort();
    expect(times).toHaveLength(2);
    // 09:00 in Paris is 07:00 or 08:00 UTC depending on the season.
    for (const t of times) expect(t).toMatch(/T0[78]:00:00Z$/);
    await scheduler().send(new UpdateScheduleCommand({ Name: name, State: "DISABLED", ScheduleExpression: "cron(0 9 * * ? *)", FlexibleTimeWindow: OFF, Target: target }));
    await ctx.clock.advance(48 * HOUR);
    expect(await drain(sqs(), q.url)).toEqual([]);
  });

  it("sends a run whose target is gone to the schedule's dead-letter queue", async () => {
    const dlq = await queue(sqs());
    const name = uniqueName("lost");
    const missing = `arn:aws:sqs:us-east-1:000000000000:${uniqueName("gone")}`;
    await scheduler().send(
      new CreateScheduleCommand({ Name: name, ScheduleExpression: "rate(1 hour)", FlexibleTimeWindow: OFF, Target: { Arn: missing, RoleArn: ROLE, Input: '{"job":1}', DeadLetterConfig: { Arn: dlq.arn } } }),
    );
    await ctx.clock.advance(HOUR);
    const [dead] = await drain(sqs(), dlq.url);
    expect(JSON.parse(dead!.Body!)).toEqual({ job: 1 });
    expect(dead!.MessageAttributes?.["X-Amz-Scheduler-Schedule-Arn"]?.StringValue).toBe(`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${name}`);
    expect(dead!.MessageAttributes?.["X-Amz-Scheduler-Target-Arn"]?.StringValue).toBe(missing);
    await scheduler().send(new DeleteScheduleCommand({ Name: name }));
  });
});
