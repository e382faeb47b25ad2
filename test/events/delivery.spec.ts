import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand, DisableRuleCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { bodies, drain, queue, recordingFunction } from "./helpers.js";

const ctx = useServer();
const eb = (): EventBridgeClient => ctx.client(EventBridgeClient);
const sqs = (): SQSClient => ctx.client(SQSClient);

async function ruleToQueue(pattern: unknown, target: Record<string, unknown> = {}, bus?: string): Promise<{ url: string; arn: string; rule: string }> {
  const q = await queue(sqs());
  const rule = uniqueName("rule");
  await eb().send(new PutRuleCommand({ Name: rule, EventBusName: bus, EventPattern: JSON.stringify(pattern) }));
  await eb().send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [{ Id: "q", Arn: q.arn, ...target }] }));
  return { ...q, rule };
}

describe("PutEvents", () => {
  it("delivers matching events to an SQS target in AWS's envelope", async () => {
    const source = uniqueName("shop");
    const q = await ruleToQueue({ source: [source], "detail-type": ["OrderPlaced"], detail: { total: [{ numeric: [">=", 10] }] } });
    const put = await eb().send(
      new PutEventsCommand({
        Entries: [
          { Source: source, DetailType: "OrderPlaced", Detail: JSON.stringify({ total: 12, id: "o-1" }), Resources: ["arn:aws:x:::order/o-1"] },
          { Source: source, DetailType: "OrderPlaced", Detail: JSON.stringify({ total: 5, id: "o-2" }) },
          { Source: "other", DetailType: "OrderPlaced", Detail: JSON.stringify({ total: 50 }) },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries?.every((e) => /^[0-9a-f-]{36}$/.test(e.EventId ?? ""))).toBe(true);
    await ctx.aws.settle();
    const events = bodies(await drain(sqs(), q.url));
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      version: "0",
      id: put.Entries![0]!.EventId,
      "detail-type": "OrderPlaced",
      source,
      account: "000000000000",
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: "us-east-1",
      resources: ["arn:aws:x:::order/o-1"],
      detail: { total: 12, id: "o-1" },
    });
  });

  it("answers per-entry errors next to successes", async () => {
    const put = await eb().send(
      new PutEventsCommand({
        Entries: [
          { Source: "a", DetailType: "t", Detail: "{}" },
          { DetailType: "t", Detail: "{}" },
          { Source: "a", Detail: "{}" },
          { Source: "a", DetailType: "t" },
          { Source: "a", DetailType: "t", Detail: "[1]" },
          { Source: "a", DetailType: "t", Detail: "{}", EventBusName: "no-such-bus" },
          { Source: "aws.s3", DetailType: "t", Detail: "{}" },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(6);
    expect(put.Entries?.[0]?.EventId).toBeDefined();
    expect(put.Entries?.slice(1)).toEqual([
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." },
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument." },
      { ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Detail is not valid. Reason: Detail is a required argument." },
      { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." },
      { ErrorCode: "ResourceNotFoundException", ErrorMessage: "Event bus no-such-bus does not exist." },
      { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." },
    ]);
  });

  it("refuses more than 10 entries and more than 256 KB", async () => {
    const entry = { Source: "a", DetailType: "t", Detail: "{}" };
    await expectAwsError(eb().send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })), {
      name: "ValidationException",
      message: /^1 validation error detected: Value '.*' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    });
    const big = JSON.stringify({ x: "y".repeat(140_000) });
    await expectAwsError(eb().send(new PutEventsCommand({ Entries: [{ ...entry, Detail: big }, { ...entry, Detail: big }] })), {
      name: "ValidationException",
      message: "Total size of the entries in the request is over the limit.",
    });
  });

  it("uses the entry's Time and ignores disabled rules", async () => {
    const source = uniqueName("src");
    const q = await ruleToQueue({ source: [source] });
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: "{}", Time: new Date("2025-05-05T05:05:05.500Z") }] }));
    await ctx.aws.settle();
    expect((bodies(await drain(sqs(), q.url))[0] as { time: string }).time).toBe("2025-05-05T05:05:05Z");
    await eb().send(new DisableRuleCommand({ Name: q.rule }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: "{}" }] }));
    await ctx.aws.settle();
    expect(await drain(sqs(), q.url)).toEqual([]);
  });
});

describe("target input", () => {
  const send = async (source: string, detail: unknown): Promise<void> => {
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "Thing Happened", Detail: JSON.stringify(detail) }] }));
    await ctx.aws.settle();
  };

  it("sends a constant Input", async () => {
    const source = uniqueName("src");
    const q = await ruleToQueue({ source: [source] }, { Input: '{"fixed":true}' });
    await send(source, { a: 1 });
    expect((await drain(sqs(), q.url)).map((m) => m.Body)).toEqual(['{"fixed":true}']);
  });

  it("sends the part InputPath selects", async () => {
    const source = uniqueName("src");
    const q = await ruleToQueue({ source: [source] }, { InputPath: "$.detail.order" });
    await send(source, { order: { id: 7, items: ["a"] } });
    expect(bodies(await drain(sqs(), q.url))).toEqual([{ id: 7, items: ["a"] }]);
  });

  it("fills an InputTransformer template, in and out of quotes", async () => {
    const source = uniqueName("src");
    const q = await ruleToQueue(
      { source: [source] },
      {
        InputTransformer: {
          InputPathsMap: { id: "$.detail.id", state: "$.detail.state", type: "$.detail-type", tags: "$.detail.tags" },
          InputTemplate: '{"message": "order <id> is <state>", "kind": "<type>", "tags": <tags>, "rule": "<aws.events.rule-name>"}',
        },
      },
    );
    await send(source, { id: "o-9", state: "paid", tags: ["x", "y"] });
    expect(bodies(await drain(sqs(), q.url))).toEqual([{ message: "order o-9 is paid", kind: "Thing Happened", tags: ["x", "y"], rule: q.rule }]);
  });

  it("fills a plain-text template", async () => {
    const source = uniqueName("src");
    const q = await ruleToQueue({ source: [source] }, { InputTransformer: { InputPathsMap: { state: "$.detail.state" }, InputTemplate: "State is <state>" } });
    await send(source, { state: "done" });
    expect((await drain(sqs(), q.url)).map((m) => m.Body)).toEqual(["State is done"]);
  });
});

describe("targets of every kind", () => {
  it("invokes a Lambda function asynchronously with the event", async () => {
    const fn = await recordingFunction(ctx.client(LambdaClient));
    const source = uniqueName("src");
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "fn", Arn: fn.arn }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"n":1}' }] }));
    await ctx.aws.settle();
    expect(fn.events()).toMatchObject([{ source, "detail-type": "t", detail: { n: 1 } }]);
  });

  it("publishes to an SNS topic, which fans out to its subscribers", async () => {
    const sns = ctx.client(SNSClient);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName("topic") }));
    const q = await queue(sqs());
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: q.arn, Attributes: { RawMessageDelivery: "true" } }));
    const source = uniqueName("src");
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "topic", Arn: TopicArn }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"via":"sns"}' }] }));
    await ctx.aws.settle();
    expect(bodies(await drain(sqs(), q.url))).toMatchObject([{ source, detail: { via: "sns" } }]);
  });

  it("forwards to another event bus, whose rules then match", async () => {
    const bus = uniqueName("bus");
    const { EventBusArn } = await eb().send(new CreateEventBusCommand({ Name: bus }));
    const source = uniqueName("src");
    const q = await ruleToQueue({ source: [source] }, {}, bus);
    const rule = uniqueName("fwd");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "bus", Arn: EventBusArn }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"hop":2}' }] }));
    await ctx.aws.settle();
    expect(bodies(await drain(sqs(), q.url))).toMatchObject([{ source, detail: { hop: 2 } }]);
  });

  it("starts a Step Functions execution with the event as its input", async () => {
    const sfn = ctx.client(SFNClient);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: uniqueName("sm"), roleArn: "arn:aws:iam::000000000000:role/sfn", definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }) }),
    );
    const source = uniqueName("src");
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "sm", Arn: stateMachineArn, InputPath: "$.detail" }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"order":9}' }] }));
    await ctx.aws.settle();
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions).toHaveLength(1);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executions![0]!.executionArn }));
    expect(JSON.parse(execution.input!)).toEqual({ order: 9 });
  });

  it("sends an event whose target is gone to the dead-letter queue with AWS's attributes", async () => {
    const dlq = await queue(sqs());
    const source = uniqueName("src");
    const rule = uniqueName("rule");
    const missing = "arn:aws:sqs:us-east-1:000000000000:" + uniqueName("gone");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "gone", Arn: missing, DeadLetterConfig: { Arn: dlq.arn } }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"lost":false}' }] }));
    await ctx.aws.settle();
    const [message] = await drain(sqs(), dlq.url);
    expect(JSON.parse(message!.Body!)).toMatchObject({ source, detail: { lost: false } });
    expect(message!.MessageAttributes?.RULE_ARN?.StringValue).toBe(`arn:aws:events:us-east-1:000000000000:rule/${rule}`);
    expect(message!.MessageAttributes?.TARGET_ARN?.StringValue).toBe(missing);
    expect(message!.MessageAttributes?.ERROR_CODE?.StringValue).toBeDefined();
  });
});

describe("retries", () => {
  it("retries a failing delivery with backoff on the clock, then dead-letters it with the exhausted condition", async () => {
    const sns = ctx.client(SNSClient);
    // A FIFO topic refuses a publish without a message group: every attempt fails.
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${uniqueName("t")}.fifo`, Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
    const dlq = await queue(sqs());
    const source = uniqueName("src");
    const rule = uniqueName("rule");
    await eb().send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "fifo", Arn: TopicArn, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: dlq.arn } }] }));
    await eb().send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: "t", Detail: '{"try":1}' }] }));
    await ctx.aws.settle();
    expect(await drain(sqs(), dlq.url)).toEqual([]);
    await ctx.clock.advance(1000);
    expect(await drain(sqs(), dlq.url)).toEqual([]);
    await ctx.clock.advance(2000);
    const [dead] = await drain(sqs(), dlq.url);
    expect(JSON.parse(dead!.Body!)).toMatchObject({ source, detail: { try: 1 } });
    expect(dead!.MessageAttributes?.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe("MaximumRetryAttempts");
    expect(dead!.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe("2");
  });
});
