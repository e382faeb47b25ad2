import {
  ChangeMessageVisibilityBatchCommand, ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, DeleteMessageCommand,
  GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient,
} from "@aws-sdk/client-sqs";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { newQueue, timers, untilTimers } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);
const md5 = (s: string) => createHash("md5").update(s).digest("hex");

async function receive(url: string, extra: Record<string, unknown> = {}) {
  return (await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ...extra }))).Messages ?? [];
}

describe("validation", () => {
  it("rejects MaxNumberOfMessages above 10 with AWS's message", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })), {
      name: "InvalidParameterValue",
      status: 400,
      message: "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.",
    });
  });

  it("rejects WaitTimeSeconds above 20", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })), {
      name: "InvalidParameterValue",
      message: "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.",
    });
  });

  it("rejects a DelaySeconds above 900", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", DelaySeconds: 901 })), {
      name: "InvalidParameterValue",
      message: "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.",
    });
  });

  it("rejects a body over MaximumMessageSize", async () => {
    const url = await newQueue(sqs(), "q", { MaximumMessageSize: "1024" });
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x".repeat(1025) })), {
      name: "InvalidParameterValue",
      message: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
    });
  });

  it("accepts a 1 MiB message by default", async () => {
    const url = await newQueue(sqs());
    const body = "y".repeat(1_048_576);
    const sent = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    expect(sent.MD5OfMessageBody).toBe(md5(body));
  });

  it("rejects characters SQS does not allow", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "a\u0000b" })), {
      name: "InvalidMessageContents",
      message: "Invalid binary character '#x0' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    });
  });

  it("rejects an attribute without a value", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageAttributes: { a: { DataType: "String", StringValue: "" } } })), {
      name: "InvalidParameterValue",
      message: "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    });
  });

  it("rejects more than 10 message attributes", async () => {
    const url = await newQueue(sqs());
    const attrs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: "String", StringValue: "v" }]));
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageAttributes: attrs })), {
      name: "InvalidParameterValue",
      message: "Number of message attributes [11] exceeds the allowed maximum [10].",
    });
  });
});

describe("errors", () => {
  it("answers QueueDoesNotExist for an unknown queue URL", async () => {
    const err = await expectAwsError<{ name: string; message: string; Code?: string }>(
      sqs().send(new SendMessageCommand({ QueueUrl: `${ctx.endpoint}/000000000000/nope`, MessageBody: "x" })),
      { name: "QueueDoesNotExist", status: 400, message: "The specified queue does not exist." },
    );
    expect(err.Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
  });

  it("answers ReceiptHandleIsInvalid for a malformed handle", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: "garbage" })), {
      name: "ReceiptHandleIsInvalid",
      status: 404,
      message: 'The input receipt handle "garbage" is not a valid receipt handle.',
    });
  });

  it("refuses a visibility change for a message that is not in flight", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
    const [m] = await receive(url, { VisibilityTimeout: 5 });
    await ctx.clock.advance(6000);
    await expectAwsError(sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle, VisibilityTimeout: 10 })), {
      name: "InvalidParameterValue",
      message: `Value ${m!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    });
  });

  it("rejects empty, oversized and malformed batches", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), {
      name: "EmptyBatchRequest",
      message: "There should be at least one SendMessageBatchRequestEntry in the request.",
    });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: "x" }));
    await expectAwsError(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven })), {
      name: "TooManyEntriesInBatchRequest",
      message: "Maximum number of entries per request are 10. You have sent 11.",
    });
    await expectAwsError(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "a", MessageBody: "x" }, { Id: "a", MessageBody: "y" }] })), {
      name: "BatchEntryIdsNotDistinct",
      message: "Id a repeated.",
    });
    await expectAwsError(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "not valid!", MessageBody: "x" }] })), {
      name: "InvalidBatchEntryId",
      message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    });
    const big = Array.from({ length: 2 }, (_, i) => ({ Id: `b${i}`, MessageBody: "z".repeat(600_000) }));
    await expectAwsError(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: big })), {
      name: "BatchRequestTooLong",
      message: "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.",
    });
  });
});

describe("behaviour", () => {
  it("returns the exact MD5 of body and attributes on send and receive", async () => {
    const url = await newQueue(sqs());
    const attrs = {
      city: { DataType: "String", StringValue: "Zürich" },
      n: { DataType: "Number", StringValue: "42" },
      bin: { DataType: "Binary", BinaryValue: Buffer.from([0, 1, 2, 255]) },
      custom: { DataType: "String.custom", StringValue: "c" },
    };
    const sent = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "héllo", MessageAttributes: attrs }));
    expect(sent.MD5OfMessageBody).toBe(md5("héllo"));
    // Reference digest computed independently with AWS's documented encoding.
    const enc = (s: string | Buffer) => {
      const b = Buffer.isBuffer(s) ? s : Buffer.from(s, "utf8");
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const parts = [
      enc("bin"), enc("Binary"), Buffer.from([2]), enc(Buffer.from([0, 1, 2, 255])),
      enc("city"), enc("String"), Buffer.from([1]), enc("Zürich"),
      enc("custom"), enc("String.custom"), Buffer.from([1]), enc("c"),
      enc("n"), enc("Number"), Buffer.from([1]), enc("42"),
    ];
    const expected = createHash("md5").update(Buffer.concat(parts)).digest("hex");
    expect(sent.MD5OfMessageAttributes).toBe(expected);
    const [m] = await receive(url, { MessageAttributeNames: ["All"] });
    expect(m!.Body).toBe("héllo");
    expect(m!.MD5OfBody).toBe(md5("héllo"));
    expect(m!.MD5OfMessageAttributes).toBe(expected);
    expect(Buffer.from(m!.MessageAttributes!.bin!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("hides a received message for the visibility timeout, then redelivers it with a higher receive count", async () => {
    const url = await newQueue(sqs(), "q", { VisibilityTimeout: "30" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "v" }));
    const [first] = await receive(url, { MessageSystemAttributeNames: ["All"] });
    expect(first!.Attributes!.ApproximateReceiveCount).toBe("1");
    expect(await receive(url)).toEqual([]);
    await ctx.clock.advance(29_000);
    expect(await receive(url)).toEqual([]);
    await ctx.clock.advance(1000);
    const [again] = await receive(url, { MessageSystemAttributeNames: ["ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"] });
    expect(again!.MessageId).toBe(first!.MessageId);
    expect(again!.Attributes).toEqual({ ApproximateReceiveCount: "2", ApproximateFirstReceiveTimestamp: first!.Attributes!.ApproximateFirstReceiveTimestamp });
    expect(again!.ReceiptHandle).not.toBe(first!.ReceiptHandle);
  });

  it("ignores a stale receipt handle on delete and honours the latest", async () => {
    const url = await newQueue(sqs(), "q", { VisibilityTimeout: "1" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "s" }));
    const [a] = await receive(url);
    await ctx.clock.advance(1000);
    const [b] = await receive(url, { VisibilityTimeout: 0 });
    await sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: a!.ReceiptHandle }));
    expect((await receive(url, { VisibilityTimeout: 0 })).map((m) => m.MessageId)).toEqual([b!.MessageId]);
    const [c] = await receive(url, { VisibilityTimeout: 0 });
    await sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: c!.ReceiptHandle }));
    expect(await receive(url)).toEqual([]);
  });

  it("delays messages by the queue's DelaySeconds or the message's own", async () => {
    const url = await newQueue(sqs(), "q", { DelaySeconds: "10" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "queue-delay" }));
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "own-delay", DelaySeconds: 2 }));
    const attrs = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessagesDelayed"] }));
    expect(attrs.Attributes).toEqual({ ApproximateNumberOfMessagesDelayed: "2" });
    await ctx.clock.advance(2000);
    expect((await receive(url)).map((m) => m.Body)).toEqual(["own-delay"]);
    await ctx.clock.advance(8000);
    expect((await receive(url)).map((m) => m.Body)).toEqual(["queue-delay"]);
  });

  it("ends a long poll as soon as a message is sent", async () => {
    const url = await newQueue(sqs());
    const before = timers(ctx);
    const polling = receive(url, { WaitTimeSeconds: 20 });
    await untilTimers(ctx, before);
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "wake" }));
    expect((await polling).map((m) => m.Body)).toEqual(["wake"]);
  });

  it("ends a long poll empty when the clock passes WaitTimeSeconds", async () => {
    const url = await newQueue(sqs());
    const before = timers(ctx);
    let done = false;
    const polling = receive(url, { WaitTimeSeconds: 5 }).then((r) => ((done = true), r));
    await untilTimers(ctx, before);
    await ctx.clock.advance(4999);
    expect(done).toBe(false);
    await ctx.clock.advance(1);
    expect(await polling).toEqual([]);
  });

  it("returns a long poll when an in-flight message becomes visible again", async () => {
    const url = await newQueue(sqs(), "q", { ReceiveMessageWaitTimeSeconds: "20" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "back" }));
    await receive(url, { VisibilityTimeout: 3 });
    const before = timers(ctx);
    const polling = receive(url);
    await untilTimers(ctx, before);
    await ctx.clock.advance(3000);
    expect((await polling).map((m) => m.Body)).toEqual(["back"]);
  });

  it("sends, changes visibility of and deletes messages in batches", async () => {
    const url = await newQueue(sqs());
    const sent = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: "one", MessageBody: "1" },
          { Id: "two", MessageBody: "2", MessageAttributes: { k: { DataType: "Number", StringValue: "2" } } },
          { Id: "bad", MessageBody: "3", DelaySeconds: 1000 },
        ],
      }),
    );
    expect(sent.Successful!.map((s) => [s.Id, s.MD5OfMessageBody])).toEqual([["one", md5("1")], ["two", md5("2")]]);
    expect(sent.Failed).toEqual([{ Id: "bad", SenderFault: true, Code: "InvalidParameterValue", Message: "Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900." }]);
    const got = await receive(url);
    expect(got.map((m) => m.Body).sort()).toEqual(["1", "2"]);
    const vis = await sqs().send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: "a", ReceiptHandle: got[0]!.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: "b", ReceiptHandle: "bogus", VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(vis.Successful).toEqual([{ Id: "a" }]);
    expect(vis.Failed![0]).toMatchObject({ Id: "b", Code: "ReceiptHandleIsInvalid", SenderFault: true });
    const again = await receive(url);
    expect(again.map((m) => m.MessageId)).toEqual([got[0]!.MessageId]);
    const del = await sqs().send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "x", ReceiptHandle: again[0]!.ReceiptHandle }, { Id: "y", ReceiptHandle: got[1]!.ReceiptHandle }] }),
    );
    expect(del.Successful).toEqual([{ Id: "x" }, { Id: "y" }]);
    expect(del.Failed).toEqual([]);
    const counts = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("deletes in one batch only the messages whose handle is current, and reports a malformed one", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ["a", "b", "c"].map((b) => ({ Id: b, MessageBody: b })) }));
    const first = await receive(url);
    await sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.find((m) => m.Body === "a")!.ReceiptHandle, VisibilityTimeout: 0 }));
    const second = await receive(url);
    expect(second.map((m) => m.Body)).toEqual(["a"]);
    const handle = (body: string) => first.find((m) => m.Body === body)!.ReceiptHandle!;
    const del = await sqs().send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: "stale", ReceiptHandle: handle("a") },
          { Id: "b", ReceiptHandle: handle("b") },
          { Id: "bad", ReceiptHandle: "bogus" },
        ],
      }),
    );
    expect(del.Successful).toEqual([{ Id: "stale" }, { Id: "b" }]);
    expect(del.Failed).toEqual([{ Id: "bad", SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: 'The input receipt handle "bogus" is not a valid receipt handle.' }]);
    await ctx.clock.advance(30_000);
    expect((await receive(url)).map((m) => m.Body).sort()).toEqual(["a", "c"]);
  });

  it("reports system attributes: SenderId, SentTimestamp and AWSTraceHeader", async () => {
    const url = await newQueue(sqs());
    const sentAt = ctx.clock.now().getTime();
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "t", MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: "Root=1-abc" } } }));
    const [m] = await receive(url, { MessageSystemAttributeNames: ["SenderId", "SentTimestamp", "AWSTraceHeader"] });
    expect(m!.Attributes).toEqual({ SenderId: ctx.aws.accountId, SentTimestamp: String(sentAt), AWSTraceHeader: "Root=1-abc" });
  });

  it("filters message attributes by name and prefix", async () => {
    const url = await newQueue(sqs());
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: "f",
        MessageAttributes: { "order.id": { DataType: "String", StringValue: "1" }, "order.kind": { DataType: "String", StringValue: "k" }, other: { DataType: "String", StringValue: "o" } },
      }),
    );
    const [m] = await receive(url, { MessageAttributeNames: ["order.*"] });
    expect(Object.keys(m!.MessageAttributes!).sort()).toEqual(["order.id", "order.kind"]);
  });

  it("counts retention for messages sent after the queue was read empty", async () => {
    const url = await newQueue(sqs(), "q", { MessageRetentionPeriod: "60" });
    expect(await receive(url)).toEqual([]);
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "older" }));
    await ctx.clock.advance(30_000);
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "newer" }));
    await ctx.clock.advance(31_000);
    expect((await receive(url)).map((m) => m.Body)).toEqual(["newer"]);
  });

  it("drops messages past the retention period", async () => {
    const url = await newQueue(sqs(), "q", { MessageRetentionPeriod: "60" });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "old" }));
    await ctx.clock.advance(61_000);
    expect(await receive(url)).toEqual([]);
    const counts = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: "0" });
  });
});
