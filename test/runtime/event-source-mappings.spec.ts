import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionConcurrencyCommand,
  PutFunctionConcurrencyCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { recorder } from "./recorder.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sqs = (): SQSClient => ctx.client(SQSClient);

async function queue(attributes: Record<string, string> = {}, fifo = false): Promise<{ url: string; arn: string }> {
  const name = uniqueName("q") + (fifo ? ".fifo" : "");
  const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { ...attributes, ...(fifo ? { FifoQueue: "true" } : {}) } }));
  const attrs = await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl!, arn: attrs.Attributes!.QueueArn! };
}

async function depth(url: string): Promise<{ visible: number; inFlight: number }> {
  const a = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return { visible: Number(a.Attributes!.ApproximateNumberOfMessages), inFlight: Number(a.Attributes!.ApproximateNumberOfMessagesNotVisible) };
}

type SqsEvent = { Records: { messageId: string; body: string; eventSource: string; eventSourceARN: string; awsRegion: string; attributes: Record<string, string>; messageAttributes: Record<string, unknown>; md5OfBody: string; receiptHandle: string }[] };

describe("validation", () => {
  it("requires a batching window for batches over 10", async () => {
    const q = await queue();
    const fn = await recorder(lambda());
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn, BatchSize: 50 })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    });
  });
});

describe("errors", () => {
  it("rejects a queue that does not exist and a duplicate mapping", async () => {
    const fn = await recorder(lambda());
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:nope" })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.",
    });
    const q = await queue();
    const m = await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn }));
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn })), {
      name: "ResourceConflictException",
      status: 409,
      message: `An event source mapping with SQS arn (" ${q.arn} ") and function (" ${fn.name} ") already exists. Please update or delete the existing mapping with UUID ${m.UUID}`,
    });
    await expectAwsError(lambda().send(new GetEventSourceMappingCommand({ UUID: "00000000-0000-0000-0000-000000000000" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
  });
});

describe("behaviour", () => {
  it("invokes the function with AWS's SQS event and deletes the batch on success", async () => {
    const q = await queue();
    const fn = await recorder(lambda());
    const created = await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn, BatchSize: 5 }));
    expect(created).toMatchObject({ State: "Creating", BatchSize: 5, EventSourceArn: q.arn, FunctionArn: fn.arn, MaximumBatchingWindowInSeconds: 0 });
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect((await lambda().send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe("Enabled");
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "hello", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } }));
    await ctx.aws.settle();
    const [event] = fn.events() as unknown as SqsEvent[];
    expect(event!.Records).toHaveLength(1);
    expect(event!.Records[0]).toMatchObject({
      body: "hello",
      eventSource: "aws:sqs",
      eventSourceARN: q.arn,
      awsRegion: "us-east-1",
      messageAttributes: { k: { stringValue: "v", stringListValues: [], binaryListValues: [], dataType: "String" } },
      attributes: { ApproximateReceiveCount: "1" },
    });
    expect(event!.Records[0]!.md5OfBody).toBe("5d41402abc4b2a76b9719d911017c592");
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 0 });
    const listed = await lambda().send(new ListEventSourceMappingsCommand({ FunctionName: fn.name }));
    expect(listed.EventSourceMappings!.map((m) => m.UUID)).toEqual([created.UUID]);
  });

  it("deletes only the items not reported in batchItemFailures; the rest redrive to the DLQ", async () => {
    const dlq = await queue();
    const q = await queue({ VisibilityTimeout: "30", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
    const fn = await recorder(lambda(), `return { batchItemFailures: e.Records.filter(r => r.body === "bad").map(r => ({ itemIdentifier: r.messageId })) };`);
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn, FunctionResponseTypes: ["ReportBatchItemFailures"], Enabled: false }));
    await sqs().send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: ["good", "bad", "fine"].map((b, i) => ({ Id: String(i), MessageBody: b })) }));
    const [m] = (await lambda().send(new ListEventSourceMappingsCommand({ EventSourceArn: q.arn }))).EventSourceMappings!;
    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: m!.UUID, Enabled: true }));
    await ctx.aws.settle();
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 1 });
    await ctx.clock.advance(30_000);
    const bodies = fn.events().map((e) => (e as unknown as SqsEvent).Records.map((r) => r.body));
    expect(bodies[0]!.sort()).toEqual(["bad", "fine", "good"]);
    expect(bodies[1]).toEqual(["bad"]);
    await ctx.clock.advance(31_000);
    const moved = await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlq.url }));
    expect(moved.Messages?.map((x) => x.Body)).toEqual(["bad"]);
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("leaves a failed batch to reappear after the visibility timeout", async () => {
    const q = await queue({ VisibilityTimeout: "10" });
    const fn = await recorder(lambda(), `if (!globalThis.seen) { globalThis.seen = 1; throw new Error("first time fails"); } return 1;`);
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn }));
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "retry me" }));
    await ctx.aws.settle();
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 1 });
    await ctx.clock.advance(10_000);
    expect(fn.events()).toHaveLength(2);
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("drops messages that match no filter and waits for the batching window", async () => {
    const q = await queue();
    const fn = await recorder(lambda());
    await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.name,
        EventSourceArn: q.arn,
        MaximumBatchingWindowInSeconds: 5,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ["order"] } }) }] },
      }),
    );
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: JSON.stringify({ kind: "order", id: 1 }) }));
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: JSON.stringify({ kind: "noise" }) }));
    await ctx.aws.settle();
    expect(fn.events()).toEqual([]);
    await ctx.clock.advance(5_000);
    const events = fn.events() as unknown as SqsEvent[];
    expect(events).toHaveLength(1);
    expect(events[0]!.Records.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ kind: "order", id: 1 }]);
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("processes a FIFO queue in group order", async () => {
    const q = await queue({ ContentBasedDeduplication: "true" }, true);
    const fn = await recorder(lambda());
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn, BatchSize: 2 }));
    for (let i = 1; i <= 5; i++) await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: `m${i}`, MessageGroupId: "g" }));
    await ctx.aws.settle();
    const bodies = fn.events().flatMap((e) => (e as unknown as SqsEvent).Records.map((r) => r.body));
    expect(bodies).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  });

  it("runs at most ScalingConfig.MaximumConcurrency batches at once", async () => {
    const q = await queue();
    const fn = await recorder(lambda(), `await new Promise(r => setTimeout(r, 150)); return 1;`);
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 }, Enabled: false }));
    await sqs().send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: Array.from({ length: 6 }, (_, i) => ({ Id: String(i), MessageBody: `m${i}` })) }));
    const [m] = (await lambda().send(new ListEventSourceMappingsCommand({ EventSourceArn: q.arn }))).EventSourceMappings!;
    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: m!.UUID, Enabled: true }));
    await ctx.aws.settle();
    expect(fn.events()).toHaveLength(6);
    const metrics = JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { functions: { functionName: string; peakConcurrency: number }[] };
    expect(metrics.functions.find((f) => f.functionName === fn.name)?.peakConcurrency).toBe(2);
  });

  it("keeps the messages of a throttled function and delivers them once it may run", async () => {
    const q = await queue({ VisibilityTimeout: "20" });
    const fn = await recorder(lambda());
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: fn.name, ReservedConcurrentExecutions: 0 }));
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn }));
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "wait for me" }));
    await ctx.aws.settle();
    expect(fn.events()).toEqual([]);
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 1 });
    await lambda().send(new DeleteFunctionConcurrencyCommand({ FunctionName: fn.name }));
    await ctx.clock.advance(20_000);
    expect(fn.events().map((e) => (e as unknown as SqsEvent).Records[0]!.body)).toEqual(["wait for me"]);
    expect(await depth(q.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("stops polling once the mapping is deleted", async () => {
    const q = await queue();
    const fn = await recorder(lambda());
    const m = await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: q.arn }));
    const deleted = await lambda().send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
    expect(deleted.State).toBe("Deleting");
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "nobody" }));
    await ctx.aws.settle();
    expect(fn.events()).toEqual([]);
    expect(await depth(q.url)).toEqual({ visible: 1, inFlight: 0 });
  });
});
