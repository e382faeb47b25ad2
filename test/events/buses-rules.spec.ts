import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListTagsForResourceCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const eb = (): EventBridgeClient => ctx.client(EventBridgeClient);

describe("event buses", () => {
  it("creates, describes, lists and deletes a custom bus", async () => {
    const name = uniqueName("bus");
    const { EventBusArn } = await eb().send(new CreateEventBusCommand({ Name: name, Description: "orders" }));
    expect(EventBusArn).toBe(`arn:aws:events:us-east-1:000000000000:event-bus/${name}`);
    const described = await eb().send(new DescribeEventBusCommand({ Name: name }));
    expect(described).toMatchObject({ Name: name, Arn: EventBusArn, Description: "orders" });
    const { EventBuses } = await eb().send(new ListEventBusesCommand({}));
    expect(EventBuses?.map((b) => b.Name)).toEqual(expect.arrayContaining(["default", name]));
    await eb().send(new DeleteEventBusCommand({ Name: name }));
    await expectAwsError(eb().send(new DescribeEventBusCommand({ Name: name })), { name: "ResourceNotFoundException", status: 400, message: `Event bus ${name} does not exist.` });
  });

  it("describes the default bus, which cannot be created or deleted", async () => {
    expect(await eb().send(new DescribeEventBusCommand({}))).toMatchObject({ Name: "default", Arn: "arn:aws:events:us-east-1:000000000000:event-bus/default" });
    await expectAwsError(eb().send(new CreateEventBusCommand({ Name: "default" })), { name: "ResourceAlreadyExistsException", message: "Event bus default already exists." });
    await expectAwsError(eb().send(new DeleteEventBusCommand({ Name: "default" })), { name: "ValidationException", message: "Cannot delete event bus default." });
  });

  it("refuses a duplicate and an invalid name with AWS's messages", async () => {
    const name = uniqueName("bus");
    await eb().send(new CreateEventBusCommand({ Name: name }));
    await expectAwsError(eb().send(new CreateEventBusCommand({ Name: name })), { name: "ResourceAlreadyExistsException", message: `Event bus ${name} already exists.` });
    await expectAwsError(eb().send(new CreateEventBusCommand({ Name: "bad name!" })), {
      name: "ValidationException",
      message: "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+",
    });
  });
});

describe("rules", () => {
  it("puts, describes, lists, disables, enables and deletes a rule", async () => {
    const name = uniqueName("rule");
    const pattern = JSON.stringify({ source: ["shop"] });
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: name, EventPattern: pattern, Description: "d" }));
    expect(RuleArn).toBe(`arn:aws:events:us-east-1:000000000000:rule/${name}`);
    expect(await eb().send(new DescribeRuleCommand({ Name: name }))).toMatchObject({ Name: name, Arn: RuleArn, EventPattern: pattern, State: "ENABLED", Description: "d", EventBusName: "default" });
    await eb().send(new DisableRuleCommand({ Name: name }));
    expect((await eb().send(new DescribeRuleCommand({ Name: name }))).State).toBe("DISABLED");
    await eb().send(new EnableRuleCommand({ Name: name }));
    expect((await eb().send(new DescribeRuleCommand({ Name: name }))).State).toBe("ENABLED");
    const { Rules } = await eb().send(new ListRulesCommand({ NamePrefix: name }));
    expect(Rules?.map((r) => r.Name)).toEqual([name]);
    await eb().send(new DeleteRuleCommand({ Name: name }));
    await expectAwsError(eb().send(new DescribeRuleCommand({ Name: name })), { name: "ResourceNotFoundException", message: `Rule ${name} does not exist on EventBus default.` });
  });

  it("names rules on a custom bus rule/<bus>/<name>", async () => {
    const bus = uniqueName("bus");
    await eb().send(new CreateEventBusCommand({ Name: bus }));
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: "r1", EventBusName: bus, EventPattern: '{"source":["x"]}' }));
    expect(RuleArn).toBe(`arn:aws:events:us-east-1:000000000000:rule/${bus}/r1`);
    await expectAwsError(eb().send(new PutRuleCommand({ Name: "r2", EventBusName: bus, ScheduleExpression: "rate(1 hour)" })), {
      name: "ValidationException",
      message: "ScheduleExpression is supported only on the default event bus.",
    });
    await expectAwsError(eb().send(new PutRuleCommand({ Name: "r3", EventBusName: uniqueName("nobus"), EventPattern: '{"source":["x"]}' })), { name: "ResourceNotFoundException", message: /^Event bus .* does not exist\.$/ });
  });

  it("paginates ListRules", async () => {
    const prefix = uniqueName("page");
    for (let i = 0; i < 5; i++) await eb().send(new PutRuleCommand({ Name: `${prefix}-${i}`, EventPattern: '{"source":["x"]}' }));
    const first = await eb().send(new ListRulesCommand({ NamePrefix: prefix, Limit: 3 }));
    expect(first.Rules).toHaveLength(3);
    const second = await eb().send(new ListRulesCommand({ NamePrefix: prefix, Limit: 3, NextToken: first.NextToken }));
    expect(second.Rules?.map((r) => r.Name)).toEqual([`${prefix}-3`, `${prefix}-4`]);
    expect(second.NextToken).toBeUndefined();
  });

  it("refuses rules without a pattern or schedule, with a bad pattern or a bad schedule", async () => {
    await expectAwsError(eb().send(new PutRuleCommand({ Name: uniqueName("r") })), { name: "ValidationException", message: "Parameter(s) EventPattern or ScheduleExpression must be specified." });
    await expectAwsError(eb().send(new PutRuleCommand({ Name: uniqueName("r"), EventPattern: '{"source":"x"}' })), { name: "InvalidEventPatternException", message: /^Event pattern is not valid\. Reason: / });
    await expectAwsError(eb().send(new PutRuleCommand({ Name: uniqueName("r"), ScheduleExpression: "rate(1 hours)" })), { name: "ValidationException", message: "Parameter ScheduleExpression is not valid." });
    await expectAwsError(eb().send(new PutRuleCommand({ Name: uniqueName("r"), ScheduleExpression: "cron(0 0 * * * *)" })), { name: "ValidationException", message: "Parameter ScheduleExpression is not valid." });
    await expectAwsError(eb().send(new PutRuleCommand({ Name: "x".repeat(65), EventPattern: "{}" })), {
      name: "ValidationException",
      message: `1 validation error detected: Value '${"x".repeat(65)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
    await expectAwsError(eb().send(new EnableRuleCommand({ Name: uniqueName("none") })), { name: "ResourceNotFoundException" });
  });
});

describe("targets", () => {
  it("puts, lists and removes targets; a rule with targets cannot be deleted", async () => {
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: '{"source":["x"]}' }));
    const arn = "arn:aws:sqs:us-east-1:000000000000:some-queue";
    const put = await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t1", Arn: arn, InputPath: "$.detail" }] }));
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await eb().send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets).toEqual([{ Id: "t1", Arn: arn, InputPath: "$.detail" }]);
    expect((await eb().send(new ListRuleNamesByTargetCommand({ TargetArn: arn }))).RuleNames).toContain(rule);
    await expectAwsError(eb().send(new DeleteRuleCommand({ Name: rule })), { name: "ValidationException", message: "Rule can't be deleted since it has targets." });
    await eb().send(new RemoveTargetsCommand({ Rule: rule, Ids: ["t1"] }));
    expect((await eb().send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets).toEqual([]);
    await eb().send(new DeleteRuleCommand({ Name: rule }));
  });

  it("allows five targets per rule and refuses conflicting inputs", async () => {
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: '{"source":["x"]}' }));
    const targets = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: `arn:aws:sqs:us-east-1:000000000000:q${i}` }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: targets }));
    await expectAwsError(eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t5", Arn: "arn:aws:sqs:us-east-1:000000000000:q5" }] })), {
      name: "LimitExceededException",
      message: "The requested resource exceeds the maximum number allowed.",
    });
    await expectAwsError(eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "t0", Arn: "arn:aws:sqs:us-east-1:000000000000:q0", Input: "{}", InputPath: "$" }] })), {
      name: "ValidationException",
      message: "Only one of Input, InputPath, or InputTransformer must be provided.",
    });
    await expectAwsError(eb().send(new PutTargetsCommand({ Rule: uniqueName("none"), Targets: targets.slice(0, 1) })), { name: "ResourceNotFoundException" });
  });

  it("reads a target member sent as JSON null as a member not sent", async () => {
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: '{"source":["x"]}' }));
    const arn = "arn:aws:sqs:us-east-1:000000000000:null-target";
    const res = await fetch(ctx.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSEvents.PutTargets",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00",
      },
      body: JSON.stringify({ Rule: rule, Targets: [{ Id: "t1", Arn: arn, InputPath: null, Input: null }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await eb().send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets).toEqual([{ Id: "t1", Arn: arn }]);
  });
});

describe("TestEventPattern", () => {
  const event = JSON.stringify({ id: "1", account: "000000000000", source: "shop", time: "2026-01-01T00:00:00Z", region: "us-east-1", resources: [], "detail-type": "Order", detail: { total: 12 } });
  it("answers whether an event matches", async () => {
    expect((await eb().send(new TestEventPatternCommand({ EventPattern: '{"detail":{"total":[{"numeric":[">",10]}]}}', Event: event }))).Result).toBe(true);
    expect((await eb().send(new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }))).Result).toBe(false);
  });
  it("refuses an invalid pattern or event", async () => {
    await expectAwsError(eb().send(new TestEventPatternCommand({ EventPattern: "[1]", Event: event })), { name: "InvalidEventPatternException", message: "Event pattern is not valid. Reason: Filter is not an object" });
    await expectAwsError(eb().send(new TestEventPatternCommand({ EventPattern: "{}", Event: '{"source":"x"}' })), { name: "ValidationException", message: /^Parameter Event is not valid\./ });
  });
});

describe("tags", () => {
  it("tags rules and buses, lists and removes tags", async () => {
    const bus = uniqueName("bus");
    const { EventBusArn } = await eb().send(new CreateEventBusCommand({ Name: bus, Tags: [{ Key: "team", Value: "orders" }] }));
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: "tagged", EventBusName: bus, EventPattern: '{"source":["x"]}', Tags: [{ Key: "env", Value: "dev" }] }));
    expect((await eb().send(new ListTagsForResourceCommand({ ResourceARN: EventBusArn }))).Tags).toEqual([{ Key: "team", Value: "orders" }]);
    await eb().send(new TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: "owner", Value: "ana" }] }));
    expect((await eb().send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([
      { Key: "env", Value: "dev" },
      { Key: "owner", Value: "ana" },
    ]);
    await eb().send(new UntagResourceCommand({ ResourceARN: RuleArn, TagKeys: ["env"] }));
    expect((await eb().send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([{ Key: "owner", Value: "ana" }]);
    await expectAwsError(eb().send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:us-east-1:000000000000:rule/${uniqueName("none")}` })), { name: "ResourceNotFoundException" });
  });
});
