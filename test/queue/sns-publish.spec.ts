import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { arnOf, newQueue } from "./helpers.js";

const ctx = useServer();
const sns = () => ctx.client(SNSClient);
const sqs = () => ctx.client(SQSClient);

/** A subscriber endpoint that records requests and answers with the next scripted status. */
const hits: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const statuses: number[] = [];
let http: Server;
let httpUrl = "";
beforeAll(async () => {
  http = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));

async function topicWithQueue(attributes: Record<string, string> = {}, topicAttributes?: Record<string, string>, fifo = false) {
  const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName("t") + (fifo ? ".fifo" : ""), Attributes: topicAttributes }));
  const queue = await newQueue(sqs(), "sub", fifo ? { FifoQueue: "true" } : {});
  await sns().send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(queue), Attributes: attributes }));
  return { topicArn: TopicArn!, queue };
}

async function bodies(queue: string) {
  const res = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] }));
  return res.Messages ?? [];
}

describe("validation", () => {
  it("rejects an empty message", async () => {
    const { topicArn } = await topicWithQueue();
    await expectAwsError(sns().send(new PublishCommand({ TopicArn: topicArn, Message: "" })), { name: "InvalidParameterException", status: 400, message: "Invalid parameter: Empty message" });
  });

  it("requires a default entry with MessageStructure json", async () => {
    const { topicArn } = await topicWithQueue();
    await expectAwsError(sns().send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ sqs: "x" }), MessageStructure: "json" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Message Structure - No default entry in JSON message body",
    });
  });

  it("requires MessageGroupId on FIFO topics", async () => {
    const { topicArn } = await topicWithQueue({}, { FifoTopic: "true", ContentBasedDeduplication: "true" }, true);
    await expectAwsError(sns().send(new PublishCommand({ TopicArn: topicArn, Message: "x" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    });
  });
});

describe("errors", () => {
  it("answers NotFound when publishing to a missing topic", async () => {
    await expectAwsError(sns().send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:gone", Message: "x" })), {
      name: "NotFoundException",
      status: 404,
      message: "Topic does not exist",
    });
  });

  it("answers EmptyBatchRequest for an empty entry list", async () => {
    const { topicArn } = await topicWithQueue();
    await expectAwsError(sns().send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [] })), {
      name: "EmptyBatchRequestException",
      message: "The batch request doesn't contain any entries.",
    });
  });

  it("rejects duplicate batch ids", async () => {
    const { topicArn } = await topicWithQueue();
    await expectAwsError(sns().send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: "a", Message: "1" }, { Id: "a", Message: "2" }] })), {
      name: "BatchEntryIdsNotDistinctException",
      message: "Two or more batch entries in the request have the same Id.",
    });
  });
});

describe("behaviour", () => {
  it("wraps the message in AWS's envelope for a queue subscriber", async () => {
    const { topicArn, queue } = await topicWithQueue();
    const { MessageId } = await sns().send(new PublishCommand({ TopicArn: topicArn, Message: "hi", Subject: "Subj", MessageAttributes: { color: { DataType: "String", StringValue: "red" } } }));
    const [m] = await bodies(queue);
    const env = JSON.parse(m!.Body!) as Record<string, unknown>;
    expect(Object.keys(env)).toEqual(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"]);
    expect(env).toMatchObject({ Type: "Notification", MessageId, TopicArn: topicArn, Subject: "Subj", Message: "hi", SignatureVersion: "1", MessageAttributes: { color: { Type: "String", Value: "red" } } });
    expect(env.Timestamp).toBe(ctx.clock.now().toISOString());
    expect(env.UnsubscribeURL).toMatch(/\?Action=Unsubscribe&SubscriptionArn=arn%3Aaws%3Asns%3A/);
    expect(m!.MessageAttributes).toBeUndefined();
  });

  it("delivers the raw message and its attributes with RawMessageDelivery", async () => {
    const { topicArn, queue } = await topicWithQueue({ RawMessageDelivery: "true" });
    await sns().send(new PublishCommand({ TopicArn: topicArn, Message: "raw body", MessageAttributes: { n: { DataType: "Number", StringValue: "5" } } }));
    const [m] = await bodies(queue);
    expect(m!.Body).toBe("raw body");
    expect(m!.MessageAttributes).toEqual({ n: { DataType: "Number", StringValue: "5" } });
  });

  it("fans out to two queues and filters by attributes", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName("fan") }));
    const all = await newQueue(sqs());
    const red = await newQueue(sqs());
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(all), Attributes: { RawMessageDelivery: "true" } }));
    await sns().send(
      new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(red), Attributes: { RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ color: ["red", { prefix: "crim" }], size: [{ numeric: [">", 2] }] }) } }),
    );
    const pub = (Message: string, color: string, size: string) =>
      sns().send(new PublishCommand({ TopicArn, Message, MessageAttributes: { color: { DataType: "String", StringValue: color }, size: { DataType: "Number", StringValue: size } } }));
    await pub("red-big", "red", "3");
    await pub("red-small", "red", "1");
    await pub("crimson-big", "crimson", "10");
    await pub("blue-big", "blue", "5");
    expect((await bodies(all)).map((m) => m.Body)).toEqual(["red-big", "red-small", "crimson-big", "blue-big"]);
    expect((await bodies(red)).map((m) => m.Body)).toEqual(["red-big", "crimson-big"]);
  });

  it("filters on the message body with FilterPolicyScope MessageBody", async () => {
    const policy = JSON.stringify({ order: { status: ["paid"], total: [{ numeric: [">=", 100] }] } });
    const { topicArn, queue } = await topicWithQueue({ RawMessageDelivery: "true", FilterPolicyScope: "MessageBody", FilterPolicy: policy });
    for (const body of [{ order: { status: "paid", total: 150 } }, { order: { status: "paid", total: 50 } }, { order: { status: "open", total: 500 } }]) {
      await sns().send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(body) }));
    }
    expect((await bodies(queue)).map((m) => JSON.parse(m.Body!))).toEqual([{ order: { status: "paid", total: 150 } }]);
  });

  it("sends each protocol its own message with MessageStructure json", async () => {
    const { topicArn, queue } = await topicWithQueue({ RawMessageDelivery: "true" });
    await sns().send(new PublishCommand({ TopicArn: topicArn, MessageStructure: "json", Message: JSON.stringify({ default: "for everyone", sqs: "for queues" }) }));
    expect((await bodies(queue)).map((m) => m.Body)).toEqual(["for queues"]);
  });

  it("keeps FIFO order, deduplicates and numbers messages of a FIFO topic", async () => {
    const { topicArn, queue } = await topicWithQueue({ RawMessageDelivery: "true" }, { FifoTopic: "true", ContentBasedDeduplication: "true" }, true);
    const a = await sns().send(new PublishCommand({ TopicArn: topicArn, Message: "one", MessageGroupId: "g" }));
    const dup = await sns().send(new PublishCommand({ TopicArn: topicArn, Message: "one", MessageGroupId: "g" }));
    await sns().send(new PublishCommand({ TopicArn: topicArn, Message: "two", MessageGroupId: "g" }));
    expect(dup.MessageId).toBe(a.MessageId);
    expect(a.SequenceNumber).toMatch(/^\d{20}$/);
    expect((await bodies(queue)).map((m) => m.Body)).toEqual(["one", "two"]);
  });

  it("publishes batches", async () => {
    const { topicArn, queue } = await topicWithQueue({ RawMessageDelivery: "true" });
    const res = await sns().send(
      new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: "a", Message: "1" }, { Id: "b", Message: "" }, { Id: "c", Message: "3" }] }),
    );
    expect(res.Successful!.map((s) => s.Id)).toEqual(["a", "c"]);
    expect(res.Failed).toEqual([{ Id: "b", Code: "InvalidParameter", Message: "Invalid parameter: Empty message", SenderFault: true }]);
    expect((await bodies(queue)).map((m) => m.Body)).toEqual(["1", "3"]);
  });

  it("confirms HTTP subscriptions through the SubscribeURL, then posts notifications", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName("http") }));
    hits.length = 0;
    const sub = await sns().send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: `${httpUrl}/hook` }));
    expect(sub.SubscriptionArn).toBe("pending confirmation");
    await ctx.aws.settle();
    expect(hits).toHaveLength(1);
    expect(hits[0]!.headers["x-amz-sns-message-type"]).toBe("SubscriptionConfirmation");
    const confirmation = JSON.parse(hits[0]!.body) as { Type: string; SubscribeURL: string; Token: string; TopicArn: string };
    expect(confirmation).toMatchObject({ Type: "SubscriptionConfirmation", TopicArn });
    // Not confirmed yet: nothing is delivered.
    await sns().send(new PublishCommand({ TopicArn, Message: "early" }));
    await ctx.aws.settle();
    expect(hits).toHaveLength(1);
    const visit = await fetch(confirmation.SubscribeURL);
    expect(visit.status).toBe(200);
    expect(await visit.text()).toContain(`<SubscriptionArn>${TopicArn}:`);
    await sns().send(new PublishCommand({ TopicArn, Message: "hello http" }));
    await ctx.aws.settle();
    expect(hits).toHaveLength(2);
    expect(hits[1]!.headers).toMatchObject({ "x-amz-sns-message-type": "Notification", "x-amz-sns-topic-arn": TopicArn, "content-type": "text/plain; charset=UTF-8" });
    expect(JSON.parse(hits[1]!.body)).toMatchObject({ Type: "Notification", Message: "hello http" });
  });

  it("retries a failing HTTP endpoint on the clock, then sends the message to the subscription's dead-letter queue", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName("retry") }));
    const dlq = await newQueue(sqs(), "sns-dlq");
    hits.length = 0;
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: `${httpUrl}/flaky`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq) }) } }));
    await ctx.aws.settle();
    const token = (JSON.parse(hits[0]!.body) as { Token: string }).Token;
    await fetch(`${ctx.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TopicArn!)}&Token=${token}`);
    statuses.push(500, 500, 500, 500);
    await sns().send(new PublishCommand({ TopicArn, Message: "never arrives" }));
    await ctx.aws.settle();
    expect(hits).toHaveLength(2);
    await ctx.clock.advance(20_000);
    expect(hits).toHaveLength(3);
    expect(await bodies(dlq)).toEqual([]);
    await ctx.clock.advance(40_000);
    expect(hits).toHaveLength(5);
    const [dead] = await bodies(dlq);
    expect(JSON.parse(dead!.Body!)).toMatchObject({ Type: "Notification", Message: "never arrives", TopicArn });
  });
});
