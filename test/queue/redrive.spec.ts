import {
  CancelMessageMoveTaskCommand, CreateQueueCommand, GetQueueAttributesCommand, ListDeadLetterSourceQueuesCommand, ListMessageMoveTasksCommand,
  ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { arnOf, newQueue } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);

async function withDlq(maxReceiveCount = 2, fifo = false) {
  const extra: Record<string, string> = fifo ? { FifoQueue: "true", ContentBasedDeduplication: "true" } : {};
  const dlq = await newQueue(sqs(), "dlq", extra);
  const source = await newQueue(sqs(), "src", { ...extra, VisibilityTimeout: "5", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount }) });
  return { dlq, source };
}

async function receive(url: string, extra: Record<string, unknown> = {}) {
  return (await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"], ...extra }))).Messages ?? [];
}

describe("validation", () => {
  it("rejects a maxReceiveCount outside 1-1000", async () => {
    const dlq = await newQueue(sqs());
    const policy = JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 0 });
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("s"), Attributes: { RedrivePolicy: policy } })), {
      name: "InvalidParameterValue",
      message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`,
    });
  });
});

describe("errors", () => {
  it("refuses a move task from a queue that is not a dead-letter queue", async () => {
    const q = await newQueue(sqs());
    await expectAwsError(sqs().send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(q) })), {
      name: "InvalidParameterValue",
      message: "Source queue must be configured as a Dead Letter Queue.",
    });
  });

  it("answers ResourceNotFoundException for an unknown source", async () => {
    await expectAwsError(sqs().send(new StartMessageMoveTaskCommand({ SourceArn: "arn:aws:sqs:us-east-1:000000000000:nope" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource that you specified for the SourceArn parameter doesn't exist.",
    });
  });
});

describe("behaviour", () => {
  it("moves a message to the dead-letter queue after maxReceiveCount receives", async () => {
    const { dlq, source } = await withDlq(2);
    const sent = await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: "poison", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } }));
    for (let i = 0; i < 2; i++) {
      expect((await receive(source)).map((m) => m.Body)).toEqual(["poison"]);
      await ctx.clock.advance(5000);
    }
    expect(await receive(source)).toEqual([]);
    const [dead] = await receive(dlq, { MessageAttributeNames: ["All"] });
    expect(dead!.MessageId).toBe(sent.MessageId);
    expect(dead!.Body).toBe("poison");
    expect(dead!.MessageAttributes).toEqual({ k: { DataType: "String", StringValue: "v" } });
    expect(dead!.Attributes!.DeadLetterQueueSourceArn).toBe(arnOf(source));
  });

  it("dead-letters a message received without attribute names; the DLQ's retention counts from its first send", async () => {
    const { dlq, source } = await withDlq(1);
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl: dlq, Attributes: { MessageRetentionPeriod: "60", VisibilityTimeout: "1" } }));
    expect(await receive(dlq)).toEqual([]);
    await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: "poison" }));
    const plain = async (url: string) => (await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages ?? [];
    expect((await plain(source)).map((m) => m.Body)).toEqual(["poison"]);
    await ctx.clock.advance(5000);
    expect(await plain(source)).toEqual([]);
    const [dead] = await receive(dlq);
    expect(dead!.Attributes!.DeadLetterQueueSourceArn).toBe(arnOf(source));
    await ctx.clock.advance(56_000);
    expect(await receive(dlq)).toEqual([]);
  });

  it("redrives FIFO queues to a FIFO dead-letter queue", async () => {
    const { dlq, source } = await withDlq(1, true);
    await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: "f1", MessageGroupId: "g" }));
    await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: "f2", MessageGroupId: "g" }));
    expect((await receive(source, { MaxNumberOfMessages: 1 })).map((m) => m.Body)).toEqual(["f1"]);
    await ctx.clock.advance(5000);
    expect((await receive(source, { MaxNumberOfMessages: 1 })).map((m) => m.Body)).toEqual(["f2"]);
    expect((await receive(dlq)).map((m) => m.Body)).toEqual(["f1"]);
  });

  it("lists the queues that use a queue as their dead-letter queue", async () => {
    const { dlq, source } = await withDlq();
    const res = await sqs().send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    expect(res.queueUrls).toEqual([source]);
  });

  it("moves dead letters back to their source with a message move task", async () => {
    const { dlq, source } = await withDlq(1);
    for (const body of ["m1", "m2", "m3"]) await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
    await receive(source);
    await ctx.clock.advance(5000);
    expect(await receive(source)).toEqual([]);
    const { TaskHandle } = await sqs().send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), MaxNumberOfMessagesPerSecond: 2 }));
    expect(TaskHandle).toBeTruthy();
    const running = await sqs().send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }));
    expect(running.Results![0]).toMatchObject({ Status: "RUNNING", ApproximateNumberOfMessagesMoved: 2, ApproximateNumberOfMessagesToMove: 3, TaskHandle });
    await ctx.clock.advance(1000);
    const done = await sqs().send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }));
    expect(done.Results![0]).toMatchObject({ Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 3 });
    const back = await receive(source);
    expect(back.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount]).sort()).toEqual([["m1", "1"], ["m2", "1"], ["m3", "1"]]);
    const counts = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ["ApproximateNumberOfMessages"] }));
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: "0" });
  });

  it("cancels a running move task", async () => {
    const { dlq, source } = await withDlq(1);
    for (const body of ["c1", "c2", "c3"]) await sqs().send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
    await receive(source);
    await ctx.clock.advance(5000);
    await receive(source);
    const { TaskHandle } = await sqs().send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), MaxNumberOfMessagesPerSecond: 1 }));
    const cancelled = await sqs().send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBe(1);
    await ctx.clock.advance(5000);
    const list = await sqs().send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }));
    expect(list.Results![0]).toMatchObject({ Status: "CANCELLED", ApproximateNumberOfMessagesMoved: 1 });
    await expectAwsError(sqs().send(new CancelMessageMoveTaskCommand({ TaskHandle })), { name: "UnsupportedOperation", message: "Only active tasks can be cancelled." });
  });
});
