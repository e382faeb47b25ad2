import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamConsumersCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  type SubscribeToShardEvent,
  type SubscribeToShardEventStream,
} from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
// Default client settings: SubscribeToShard is an HTTP/2 event stream, like every Kinesis call.
const kinesis = (): KinesisClient => ctx.client(KinesisClient);
const text = new TextEncoder();
const decoded = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

async function streamWithConsumer(shards = 1): Promise<{ StreamName: string; StreamARN: string; ConsumerARN: string }> {
  const StreamName = uniqueName("efo");
  await kinesis().send(new CreateStreamCommand({ StreamName, ShardCount: shards }));
  const StreamARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`;
  const { Consumer } = await kinesis().send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: "reader" }));
  await ctx.clock.advance(5_000);
  return { StreamName, StreamARN, ConsumerARN: Consumer!.ConsumerARN! };
}

type Events = AsyncIterator<SubscribeToShardEventStream>;

async function subscribe(ConsumerARN: string, ShardId: string, Type: "TRIM_HORIZON" | "LATEST" | "AFTER_SEQUENCE_NUMBER", SequenceNumber?: string): Promise<Events> {
  const out = await kinesis().send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: { Type, SequenceNumber } }));
  return out.EventStream![Symbol.asyncIterator]();
}

async function nextEvent(events: Events): Promise<SubscribeToShardEvent> {
  const { value, done } = await events.next();
  expect(done).toBe(false);
  const event = (value as { SubscribeToShardEvent?: SubscribeToShardEvent } | undefined)?.SubscribeToShardEvent;
  expect(event).toBeDefined();
  return event!;
}

describe("stream consumers", () => {
  it("registers a consumer CREATING, ACTIVE after five seconds of the clock, lists, describes and deregisters it", async () => {
    const StreamName = uniqueName("efo");
    await kinesis().send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const StreamARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`;
    const { Consumer } = await kinesis().send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: "app" }));
    expect(Consumer?.ConsumerStatus).toBe("CREATING");
    expect(Consumer?.ConsumerARN).toMatch(new RegExp(`^${StreamARN}/consumer/app:\\d+$`));
    expect(Consumer?.ConsumerCreationTimestamp).toBeInstanceOf(Date);
    await expectAwsError(kinesis().send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: "app" })), {
      name: "ResourceInUseException",
      message: `Consumer app under stream ${StreamName} already exists for account 000000000000.`,
    });
    await expectAwsError(kinesis().send(new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } })), {
      name: "ResourceInUseException",
      message: `Consumer app with creation timestamp ${Math.floor(Consumer!.ConsumerCreationTimestamp!.getTime() / 1000)} under stream: ${StreamName} , account 000000000000 is not in ACTIVE status.`,
    });
    await ctx.clock.advance(5_000);
    const byArn = await kinesis().send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }));
    expect(byArn.ConsumerDescription).toMatchObject({ ConsumerName: "app", ConsumerStatus: "ACTIVE", StreamARN });
    const byName = await kinesis().send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: "app" }));
    expect(byName.ConsumerDescription?.ConsumerARN).toBe(Consumer!.ConsumerARN);
    await kinesis().send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: "b" }));
    const listed = await kinesis().send(new ListStreamConsumersCommand({ StreamARN, MaxResults: 1 }));
    expect(listed.Consumers?.map((c) => [c.ConsumerName, c.ConsumerStatus])).toEqual([["app", "ACTIVE"]]);
    const rest = await kinesis().send(new ListStreamConsumersCommand({ StreamARN, NextToken: listed.NextToken }));
    expect(rest.Consumers?.map((c) => [c.ConsumerName, c.ConsumerStatus])).toEqual([["b", "CREATING"]]);
    expect(rest.NextToken).toBeUndefined();
    expect((await kinesis().send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary?.ConsumerCount).toBe(2);
    await expectAwsError(kinesis().send(new DeleteStreamCommand({ StreamName })), { name: "ResourceInUseException" });

    await kinesis().send(new DeregisterStreamConsumerCommand({ StreamARN, ConsumerName: "app" }));
    expect((await kinesis().send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }))).ConsumerDescription?.ConsumerStatus).toBe("DELETING");
    await ctx.clock.advance(5_000);
    await expectAwsError(kinesis().send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN })), { name: "ResourceNotFoundException" });
    await kinesis().send(new DeleteStreamCommand({ StreamName, EnforceConsumerDeletion: true }));
  });

  it("refuses a consumer name for a missing stream", async () => {
    await expectAwsError(kinesis().send(new RegisterStreamConsumerCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/none", ConsumerName: "x" })), {
      name: "ResourceNotFoundException",
      message: "Stream none under account 000000000000 not found.",
    });
  });
});

describe("SubscribeToShard", () => {
  it("pushes the backlog, then records as they arrive, over an HTTP/2 event stream for five minutes of the clock", async () => {
    const { StreamName, ConsumerARN } = await streamWithConsumer();
    const seqs: string[] = [];
    for (const n of [1, 2, 3]) seqs.push((await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: `k${n}`, Data: text.encode(`r${n}`) }))).SequenceNumber!);
    const events = await subscribe(ConsumerARN, "shardId-000000000000", "TRIM_HORIZON");
    const first = await nextEvent(events);
    expect(first.Records?.map((r) => [decoded(r.Data), r.PartitionKey, r.SequenceNumber])).toEqual([
      ["r1", "k1", seqs[0]],
      ["r2", "k2", seqs[1]],
      ["r3", "k3", seqs[2]],
    ]);
    expect(first.Records?.[0]?.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(first.ContinuationSequenceNumber).toBe(seqs[2]);
    expect(first.MillisBehindLatest).toBe(0);

    const pending = nextEvent(events);
    const put = await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k4", Data: text.encode("r4") }));
    const second = await pending;
    expect(second.Records?.map((r) => decoded(r.Data))).toEqual(["r4"]);
    expect(second.ContinuationSequenceNumber).toBe(put.SequenceNumber);

    // Five seconds without records: an empty event keeps the continuation number current.
    const quiet = nextEvent(events);
    await ctx.clock.advance(5_000);
    expect((await quiet).Records).toEqual([]);

    await ctx.clock.advance(5 * 60_000);
    let done = false;
    for (let i = 0; i < 100 && !done; i++) done = (await events.next()).done === true;
    expect(done).toBe(true);
  });

  it("refuses a second subscription to the same shard within five seconds, and resumes from a continuation number", async () => {
    const { StreamName, ConsumerARN } = await streamWithConsumer();
    const a = await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("a") }));
    const events = await subscribe(ConsumerARN, "shardId-000000000000", "LATEST");
    expect((await nextEvent(events)).Records).toEqual([]);
    await expectAwsError(kinesis().send(new SubscribeToShardCommand({ ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } })), {
      name: "ResourceInUseException",
      message: `Another active subscription exists for this consumer: ${ConsumerARN}`,
    });
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("b") }));
    await ctx.clock.advance(5_000);
    const again = await subscribe(ConsumerARN, "shardId-000000000000", "AFTER_SEQUENCE_NUMBER", a.SequenceNumber);
    expect((await nextEvent(again)).Records?.map((r) => decoded(r.Data))).toEqual(["b"]);
    await expectAwsError(kinesis().send(new SubscribeToShardCommand({ ConsumerARN, ShardId: "shardId-000000000009", StartingPosition: { Type: "LATEST" } })), {
      name: "ResourceNotFoundException",
    });
  });

  it("lets a client go away mid-subscription, and serves the consumer's next subscription", async () => {
    const { StreamName, ConsumerARN } = await streamWithConsumer();
    const leaving = ctx.client(KinesisClient);
    const out = await leaving.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" } }));
    const events = out.EventStream![Symbol.asyncIterator]();
    await nextEvent(events);
    leaving.destroy();
    const put = await kinesis().send(new PutRecordsCommand({ StreamName, Records: [1, 2, 3].map((n) => ({ PartitionKey: `k${n}`, Data: text.encode(`after ${n}`) })) }));
    expect(put.FailedRecordCount).toBe(0);
    await ctx.clock.advance(5_000);
    const aMinuteAgo = new Date(ctx.clock.now().getTime() - 60_000);
    const again = await kinesis().send(new SubscribeToShardCommand({ ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: { Type: "AT_TIMESTAMP", Timestamp: aMinuteAgo } }));
    const first = await nextEvent(again.EventStream![Symbol.asyncIterator]());
    expect(first.Records?.map((r) => decoded(r.Data))).toEqual(["after 1", "after 2", "after 3"]);
  });

  it("ends a closed shard's subscription with its child shards", async () => {
    const { StreamName, ConsumerARN } = await streamWithConsumer();
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("before split") }));
    await kinesis().send(new SplitShardCommand({ StreamName, ShardToSplit: "shardId-000000000000", NewStartingHashKey: (1n << 127n).toString() }));
    const events = await subscribe(ConsumerARN, "shardId-000000000000", "TRIM_HORIZON");
    const last = await nextEvent(events);
    expect(last.Records?.map((r) => decoded(r.Data))).toEqual(["before split"]);
    expect(last.ChildShards?.map((c) => [c.ShardId, c.ParentShards])).toEqual([
      ["shardId-000000000001", ["shardId-000000000000"]],
      ["shardId-000000000002", ["shardId-000000000000"]],
    ]);
    expect((await events.next()).done).toBe(true);
  });
});
