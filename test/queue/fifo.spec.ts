import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { newQueue } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);

async function receive(url: string, max = 10, extra: Record<string, unknown> = {}) {
  return (await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: max, MessageSystemAttributeNames: ["All"], ...extra }))).Messages ?? [];
}

describe("validation", () => {
  it("requires MessageGroupId", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" })), {
      name: "MissingParameter",
      status: 400,
      message: "The request must contain the parameter MessageGroupId.",
    });
  });

  it("requires a deduplication id without content-based deduplication", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true" });
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g" })), {
      name: "InvalidParameterValue",
      message: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    });
  });

  it("refuses a per-message delay", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    await expectAwsError(sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", DelaySeconds: 5 })), {
      name: "InvalidParameterValue",
      message: "Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
    });
  });
});

describe("behaviour", () => {
  it("delivers each group in order and blocks a group while a message of it is in flight", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    const entries = ["a1", "b1", "a2", "b2", "a3"].map((body, i) => ({ Id: `e${i}`, MessageBody: body, MessageGroupId: body[0]! }));
    await sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    const first = await receive(url, 1);
    expect(first.map((m) => m.Body)).toEqual(["a1"]);
    // Group a is blocked while a1 is in flight: only b comes out.
    const second = await receive(url, 10);
    expect(second.map((m) => m.Body)).toEqual(["b1", "b2"]);
    expect(await receive(url)).toEqual([]);
    await sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle }));
    expect((await receive(url)).map((m) => m.Body)).toEqual(["a2", "a3"]);
  });

  it("redelivers a group's head first after its visibility timeout", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true", VisibilityTimeout: "10" });
    for (const body of ["1", "2", "3"]) await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: "g" }));
    const got = await receive(url, 2);
    expect(got.map((m) => m.Body)).toEqual(["1", "2"]);
    await sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got[1]!.ReceiptHandle, VisibilityTimeout: 0 }));
    // "1" is still in flight, so the group stays blocked.
    expect(await receive(url)).toEqual([]);
    await ctx.clock.advance(10_000);
    expect((await receive(url)).map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount])).toEqual([["1", "2"], ["2", "2"], ["3", "1"]]);
  });

  it("deduplicates by id and by content for five minutes, returning the first message's id", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    const a = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same", MessageGroupId: "g" }));
    const b = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same", MessageGroupId: "g" }));
    expect(b.MessageId).toBe(a.MessageId);
    expect(b.SequenceNumber).toBe(a.SequenceNumber);
    const c = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "other", MessageGroupId: "g", MessageDeduplicationId: "d1" }));
    const d = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "different body", MessageGroupId: "g", MessageDeduplicationId: "d1" }));
    expect(d.MessageId).toBe(c.MessageId);
    expect((await receive(url, 10, { VisibilityTimeout: 0 })).map((m) => m.Body)).toEqual(["same", "other"]);
    await ctx.clock.advance(5 * 60_000);
    const e = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same", MessageGroupId: "g" }));
    expect(e.MessageId).not.toBe(a.MessageId);
  });

  it("numbers messages with increasing 20-digit sequence numbers and reports FIFO attributes", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true" });
    const s1 = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g1", MessageDeduplicationId: "1" }));
    const s2 = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "y", MessageGroupId: "g2", MessageDeduplicationId: "2" }));
    expect(s1.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(s2.SequenceNumber!)).toBeGreaterThan(BigInt(s1.SequenceNumber!));
    const [m] = await receive(url, 1);
    expect(m!.Attributes).toMatchObject({ MessageGroupId: "g1", MessageDeduplicationId: "1", SequenceNumber: s1.SequenceNumber });
  });

  it("deduplicates per group when DeduplicationScope is messageGroup", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
    const a = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g1", MessageDeduplicationId: "d" }));
    const b = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g2", MessageDeduplicationId: "d" }));
    expect(b.MessageId).not.toBe(a.MessageId);
  });
});
