import { EventBridgeClient, ListRulesCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateScheduleCommand, ListSchedulesCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { SQSClient } from "@aws-sdk/client-sqs";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { drain, queue } from "./helpers.js";

const ctx = useServer();

it("restores rules and schedules from a snapshot, with their timers, and reset stops them", async () => {
  const eb = ctx.client(EventBridgeClient);
  const scheduler = ctx.client(SchedulerClient);
  const sqs = ctx.client(SQSClient);
  const q = await queue(sqs);
  const kept = uniqueName("kept");
  await eb.send(new PutRuleCommand({ Name: kept, ScheduleExpression: "rate(1 minute)" }));
  await eb.send(new PutTargetsCommand({ Rule: kept, Targets: [{ Id: "q", Arn: q.arn, Input: '"kept"' }] }));
  const snap = await ctx.aws.snapshot();
  const later = uniqueName("later");
  await eb.send(new PutRuleCommand({ Name: later, ScheduleExpression: "rate(1 minute)" }));
  await eb.send(new PutTargetsCommand({ Rule: later, Targets: [{ Id: "q", Arn: q.arn, Input: '"later"' }] }));
  await scheduler.send(new CreateScheduleCommand({ Name: uniqueName("s"), ScheduleExpression: "rate(1 minute)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: q.arn, RoleArn: "arn:aws:iam::000000000000:role/r", Input: '"schedule"' } }));

  await ctx.aws.restore(snap);
  expect((await eb.send(new ListRulesCommand({}))).Rules?.map((r) => r.Name)).toEqual([kept]);
  expect((await scheduler.send(new ListSchedulesCommand({}))).Schedules).toEqual([]);
  await ctx.clock.advance(3 * 60_000);
  const bodies = (await drain(sqs, q.url)).map((m) => JSON.parse(m.Body!) as string);
  expect(new Set(bodies)).toEqual(new Set(["kept"]));
  expect(bodies.length).toBeGreaterThanOrEqual(2);

  await ctx.aws.reset();
  expect((await eb.send(new ListRulesCommand({}))).Rules).toEqual([]);
  await ctx.clock.advance(3 * 60_000);
});
