import { CreateFunctionCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { ROLE, unixZip, zipOf } from "./fixtures.js";
import { recorder } from "./recorder.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sqs = (): SQSClient => ctx.client(SQSClient);

async function queue(): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: uniqueName("dlq") }));
  const attrs = await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl!, arn: attrs.Attributes!.QueueArn! };
}

describe("behaviour", () => {
  it("sends an event that failed three times to the SQS dead-letter queue with AWS's attributes", async () => {
    const dlq = await queue();
    const name = uniqueName("fn");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.js": `exports.handler = async () => { throw new Error("card declined"); };` }) },
        DeadLetterConfig: { TargetArn: dlq.arn },
      }),
    );
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"order":7}') }));
    await ctx.aws.settle();
    await ctx.clock.advance(60_000);
    expect((await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlq.url }))).Messages).toBeUndefined();
    await ctx.clock.advance(120_000);
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ["All"] }));
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(JSON.parse(m.Body!)).toEqual({ order: 7 });
    expect(m.MessageAttributes).toEqual({
      RequestID: { DataType: "String", StringValue: res.$metadata.requestId },
      ErrorCode: { DataType: "Number", StringValue: "200" },
      ErrorMessage: { DataType: "String", StringValue: "card declined" },
    });
  });

  it("publishes a failed event to an SNS dead-letter topic", async () => {
    const sns = ctx.client(SNSClient);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName("dlt") }));
    const sink = await queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: sink.arn, Attributes: { RawMessageDelivery: "true" } }));
    const fn = await recorder(lambda(), `throw new Error("to the topic");`);
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, DeadLetterConfig: { TargetArn: TopicArn } }));
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.name, MaximumRetryAttempts: 0 }));
    await lambda().send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"t":1}') }));
    await ctx.aws.settle();
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: sink.url, MessageAttributeNames: ["All"] }));
    expect(JSON.parse(got.Messages![0]!.Body!)).toEqual({ t: 1 });
    expect(got.Messages![0]!.MessageAttributes?.ErrorMessage).toEqual({ DataType: "String", StringValue: "to the topic" });
  });

  it("delivers an OnFailure record to an SQS destination", async () => {
    const dest = await queue();
    const fn = await recorder(lambda(), `throw new Error("nope");`);
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.name, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: dest.arn } } }));
    await lambda().send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"a":1}') }));
    await ctx.aws.settle();
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: dest.url }));
    expect(JSON.parse(got.Messages![0]!.Body!)).toMatchObject({
      version: "1.0",
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 1, functionArn: `${fn.arn}:$LATEST` },
      requestPayload: { a: 1 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "nope" },
    });
  });

  it("invokes a function asynchronously for an S3 notification", async () => {
    const fn = await recorder(lambda());
    const message = { Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" }, object: { key: "k" } } }] };
    // S3 appends matched notifications to the durable event log, in the object's transaction.
    const server = ctx.aws.server;
    server.store.txn(() => server.eventLog.append("s3.NotificationMatched", { accountId: "000000000000", region: "us-east-1", bucket: "b", targetType: "lambda", targetArn: fn.arn, message }));
    await ctx.aws.settle();
    expect(fn.events()).toEqual([message]);
  });

  it("retries a failing Python function's event and dead-letters it, as for Node.js", async () => {
    const dlq = await queue();
    const name = uniqueName("pyfn");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "python3.12",
        Role: ROLE,
        Handler: "app.handler",
        Code: { ZipFile: unixZip({ "app.py": "def handler(event, context):\n    raise ValueError('card declined')\n" }) },
        DeadLetterConfig: { TargetArn: dlq.arn },
      }),
    );
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 1 }));
    await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"order":8}') }));
    await ctx.aws.settle();
    expect((await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlq.url }))).Messages).toBeUndefined();
    await ctx.clock.advance(60_000);
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ["All"] }));
    expect(got.Messages).toHaveLength(1);
    expect(JSON.parse(got.Messages![0]!.Body!)).toEqual({ order: 8 });
    expect(got.Messages![0]!.MessageAttributes?.ErrorMessage?.StringValue).toBe("card declined");
  });
});