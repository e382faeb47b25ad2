import { DeleteRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { bodies, drain, queue } from "./helpers.js";

const ctx = useServer();
const eb = (): EventBridgeClient => ctx.client(EventBridgeClient);
const sqs = (): SQSClient => ctx.client(SQSClient);
const HOUR = 3_600_000;

async function scheduled(expression: string): Promise<{ url: string; rule: string }> {
  const q = await queue(sqs());
  const rule = uniqueName("sched");
  await eb().send(new PutRuleCommand({ Name: rule, ScheduleExpression: expression }));
  await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "q", Arn: q.arn }] }));
  return { url: q.url, rule };
}

async function stop(rule: string): Promise<void> {
  await eb().send(new RemoveTargetsCommand({ Rule: rule, Ids: ["q"] }));
  await eb().send(new DeleteRuleCommand({ Name: rule }));
}

describe("scheduled rules on the virtual clock", () => {
  it("fires rate(1 hour) once per hour with AWS's Scheduled Event, each with its own time", async () => {
    const start = ctx.clock.now().getTime();
    const { url, rule } = await scheduled("rate(1 hour)");
    await ctx.clock.advance(HOUR - 1000);
    expect(await drain(sqs(), url)).toEqual([]);
    await ctx.clock.advance(1000 + 2 * HOUR);
    const events = bodies(await drain(sqs(), url)) as { time: string; "detail-type": string; source: string; resources: string[]; detail: unknown }[];
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", resources: [`arn:aws:events:us-east-1:000000000000:rule/${rule}`], detail: {} });
    const times = events.map((e) => Date.parse(e.time)).sort();
    const base = Math.floor((start + HOUR) / 1000) * 1000;
    expect(times).toEqual([base, base + HOUR, base + 2 * HOUR]);
    await stop(rule);
  });

  it("fires an hourly rule 24 times in a day", async () => {
    const { url, rule } = await scheduled("rate(1 hour)");
    await ctx.clock.advance(24 * HOUR);
    expect(await drain(sqs(), url)).toHaveLength(24);
    await stop(rule);
  });

  it("fires cron at its wall-clock times in UTC", async () => {
    const { url, rule } = await scheduled("cron(30 12 * * ? *)");
    await ctx.clock.advance(48 * HOUR);
    const times = (bodies(await drain(sqs(), url)) as { time: string }[]).map((e) => e.time).sort();
    expect(times).toHaveLength(2);
    for (const t of times) expect(t).toMatch(/T12:30:00Z$/);
    await stop(rule);
  });

  it("stops while disabled and starts again from when it is re-enabled", async () => {
    const { url, rule } = await scheduled("rate(10 minutes)");
    await eb().send(new DisableRuleCommand({ Name: rule }));
    await ctx.clock.advance(HOUR);
    expect(await drain(sqs(), url)).toEqual([]);
    await eb().send(new EnableRuleCommand({ Name: rule }));
    await ctx.clock.advance(25 * 60_000);
    expect(await drain(sqs(), url)).toHaveLength(2);
    await stop(rule);
  });

  it("stops firing once deleted", async () => {
    const { url, rule } = await scheduled("rate(1 minute)");
    await ctx.clock.advance(60_000);
    expect(await drain(sqs(), url)).toHaveLength(1);
    await stop(rule);
    await ctx.clock.advance(10 * 60_000);
    expect(await drain(sqs(), url)).toEqual([]);
  });
});
