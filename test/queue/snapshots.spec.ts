import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { newQueue, timers, untilTimers } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);
const bodies = async (url: string) => ((await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages ?? []).map((m) => m.Body);

describe("behaviour", () => {
  it("restores queues and messages from a snapshot, dropping later changes", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "before" }));
    const id = await ctx.aws.snapshot();
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "after" }));
    const later = await newQueue(sqs());
    await ctx.aws.restore(id);
    expect(await bodies(url)).toEqual(["before"]);
    await expect(sqs().send(new ReceiveMessageCommand({ QueueUrl: later }))).rejects.toMatchObject({ name: "QueueDoesNotExist" });
  });

  it("ends long polls cut off by a restore instead of leaving them hanging", async () => {
    const url = await newQueue(sqs());
    const id = await ctx.aws.snapshot();
    const before = timers(ctx);
    const polling = sqs().send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await untilTimers(ctx, before);
    await ctx.aws.restore(id);
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "after restore" }));
    expect((await polling).Messages?.map((m) => m.Body)).toEqual(["after restore"]);
  });
});
