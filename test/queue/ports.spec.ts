import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import type { QueueMessageSent } from "../../src/core/events.js";
import { uniqueName, useServer } from "../helpers/index.js";
import { arnOf, newQueue } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);
const port = <K extends "QueueConsumer" | "MessageSink">(name: K) => ctx.aws.server.registry.get(name);

describe("QueueConsumer (the Lambda SQS poller's port)", () => {
  it("receives with visibility timeout and receive counts, and deletes by receipt handle", async () => {
    const url = await newQueue(sqs(), "c", { VisibilityTimeout: "10" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "job", MessageAttributes: { b: { DataType: "Binary", BinaryValue: Buffer.from("x") } } }));
    const consumer = await port("QueueConsumer");
    expect(await consumer.describe(arnOf(url))).toEqual({ queueUrl: url, visibilityTimeoutSeconds: 10, fifo: false });
    const [m] = await consumer.receive(arnOf(url), { maxMessages: 10 });
    expect(m).toMatchObject({ body: "job", attributes: { ApproximateReceiveCount: "1", SenderId: "000000000000" } });
    expect(m!.messageAttributes.b!.BinaryValue).toEqual(Buffer.from("x"));
    expect(await consumer.receive(arnOf(url), { maxMessages: 10 })).toEqual([]);
    await ctx.clock.advance(10_000);
    const [again] = await consumer.receive(arnOf(url), { maxMessages: 10, visibilityTimeoutSeconds: 30 });
    expect(again!.attributes.ApproximateReceiveCount).toBe("2");
    await consumer.deleteMessages(arnOf(url), [again!.receiptHandle]);
    await ctx.clock.advance(30_000);
    expect(await consumer.receive(arnOf(url), { maxMessages: 10 })).toEqual([]);
  });

  it("redrives through the port exactly like ReceiveMessage", async () => {
    const dlq = await newQueue(sqs(), "dlq");
    const url = await newQueue(sqs(), "c", { VisibilityTimeout: "1", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "bad" }));
    const consumer = await port("QueueConsumer");
    expect((await consumer.receive(arnOf(url), { maxMessages: 1 })).map((m) => m.body)).toEqual(["bad"]);
    await ctx.clock.advance(1000);
    expect(await consumer.receive(arnOf(url), { maxMessages: 1 })).toEqual([]);
    expect((await consumer.receive(arnOf(dlq), { maxMessages: 1 })).map((m) => m.body)).toEqual(["bad"]);
  });

  it("publishes queue.MessageSent after each committed send", async () => {
    const url = await newQueue(sqs());
    const seen: QueueMessageSent[] = [];
    const off = ctx.aws.server.bus.subscribe("queue.MessageSent", (e) => void seen.push(e));
    const { MessageId } = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "ping" }));
    await ctx.aws.settle();
    off();
    expect(seen).toEqual([{ accountId: "000000000000", region: "us-east-1", queueArn: arnOf(url), queueUrl: url, messageId: MessageId }]);
  });
});

describe("MessageSink (dead-letter queues, destinations, S3 validation)", () => {
  it("sends to a queue by ARN or URL and publishes to a topic", async () => {
    const url = await newQueue(sqs());
    const sink = await port("MessageSink");
    await sink.sendToQueue(arnOf(url), { body: "by arn", attributes: { ErrorCode: { DataType: "Number", StringValue: "200" } } });
    await sink.sendToQueue(url, { body: "by url" });
    const { TopicArn } = await ctx.client(SNSClient).send(new CreateTopicCommand({ Name: uniqueName("sink") }));
    await ctx.client(SNSClient).send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(url), Attributes: { RawMessageDelivery: "true" } }));
    await sink.publishToTopic(TopicArn!, { body: "via topic" });
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(["by arn", "by url", "via topic"]);
    expect(got.Messages![0]!.MessageAttributes).toEqual({ ErrorCode: { DataType: "Number", StringValue: "200" } });
    expect(await sink.queueExists(arnOf(url))).toBe(true);
    expect(await sink.queueExists("arn:aws:sqs:us-east-1:000000000000:nope")).toBe(false);
    expect(await sink.topicExists(TopicArn!)).toBe(true);
    expect(await sink.topicExists("arn:aws:sns:us-east-1:000000000000:nope")).toBe(false);
  });
});

describe("S3 notifications", () => {
  it("delivers s3.NotificationMatched facts of the event log to queues and topics", async () => {
    const url = await newQueue(sqs());
    const viaTopic = await newQueue(sqs());
    const { TopicArn } = await ctx.client(SNSClient).send(new CreateTopicCommand({ Name: uniqueName("s3") }));
    await ctx.client(SNSClient).send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(viaTopic) }));
    const message = { Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" }, object: { key: "k", size: 1 } } }] };
    const scope = { accountId: "000000000000", region: "us-east-1" };
    // S3 appends notifications to the durable event log in the object's transaction, as here.
    const { store, eventLog } = ctx.aws.server;
    store.txn(() => {
      eventLog.append("s3.NotificationMatched", { ...scope, bucket: "b", targetType: "sqs", targetArn: arnOf(url), message });
      eventLog.append("s3.NotificationMatched", { ...scope, bucket: "b", targetType: "sns", targetArn: TopicArn!, message });
    });
    await ctx.aws.settle();
    const direct = await sqs().send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(direct.Messages![0]!.Body).toBe(JSON.stringify(message));
    const wrapped = await sqs().send(new ReceiveMessageCommand({ QueueUrl: viaTopic }));
    expect(JSON.parse(wrapped.Messages![0]!.Body!)).toMatchObject({ Type: "Notification", TopicArn, Subject: "Amazon S3 Notification", Message: JSON.stringify(message) });
  });
});
