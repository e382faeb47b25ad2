import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { recorder } from "../runtime/recorder.js";
import { arnOf, newQueue } from "./helpers.js";

const ctx = useServer();
const sns = () => ctx.client(SNSClient);
const sqs = () => ctx.client(SQSClient);

describe("behaviour", () => {
  it("fans out to two queues and a function with a filter policy, invoking it with the SNS event", async () => {
    const fn = await recorder(ctx.client(LambdaClient));
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName("fan") }));
    const q1 = await newQueue(sqs());
    const q2 = await newQueue(sqs());
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(q1) }));
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arnOf(q2), Attributes: { RawMessageDelivery: "true" } }));
    const { SubscriptionArn } = await sns().send(
      new SubscribeCommand({ TopicArn, Protocol: "lambda", Endpoint: fn.arn, Attributes: { FilterPolicy: JSON.stringify({ kind: ["order"] }) } }),
    );
    const order = await sns().send(new PublishCommand({ TopicArn, Message: "order 1", Subject: "New", MessageAttributes: { kind: { DataType: "String", StringValue: "order" } } }));
    await sns().send(new PublishCommand({ TopicArn, Message: "refund 1", MessageAttributes: { kind: { DataType: "String", StringValue: "refund" } } }));
    await ctx.aws.settle();

    const envelopes = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: q1, MaxNumberOfMessages: 10 }))).Messages!.map((m) => JSON.parse(m.Body!).Message);
    expect(envelopes).toEqual(["order 1", "refund 1"]);
    const raw = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: q2, MaxNumberOfMessages: 10 }))).Messages!.map((m) => m.Body);
    expect(raw).toEqual(["order 1", "refund 1"]);

    const events = fn.events();
    expect(events).toHaveLength(1);
    const record = (events[0]!.Records as Record<string, unknown>[])[0]!;
    expect(record).toMatchObject({ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: SubscriptionArn });
    expect(record.Sns).toMatchObject({
      Type: "Notification",
      MessageId: order.MessageId,
      TopicArn,
      Subject: "New",
      Message: "order 1",
      SignatureVersion: "1",
      MessageAttributes: { kind: { Type: "String", Value: "order" } },
    });
    expect(Object.keys(record.Sns as object)).toEqual(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertUrl", "UnsubscribeUrl", "MessageAttributes"]);
  });
});
