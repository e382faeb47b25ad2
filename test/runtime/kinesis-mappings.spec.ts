import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { drain, queue } from "../events/helpers.js";
import { createFn, ROLE } from "./fixtures.js";

const ctx = useServer();
// Default client settings: the SDK speaks cleartext HTTP/2 to an http:// endpoint.
const kinesis = (): KinesisClient => ctx.client(KinesisClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const out = mkdtempSync(join(tmpdir(), "la-kinesis-esm-"));

interface KinesisEventRecord {
  kinesis: { kinesisSchemaVersion: string; partitionKey: string; sequenceNumber: string; data: string; approximateArrivalTimestamp: number };
  eventSource: string;
  eventVersion: string;
  eventID: string;
  eventName: string;
  invokeIdentityArn: string;
  awsRegion: string;
  eventSourceARN: string;
}
type Batch = { Records: KinesisEventRecord[] };

/** A function that records each batch, then runs `then` (`e` is the event, `fs` is node:fs). */
async function fn(then = "return {};"): Promise<{ name: string; batches(): Batch[] }> {
  const file = join(out, `${uniqueName("b")}.jsonl`);
  const source = `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); ${then} };`;
  const name = await createFn(lambda(), source, { Environment: { Variables: { OUT: file } } });
  return { name, batches: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Batch) : []) };
}

async function stream(shards = 1): Promise<{ name: string; arn: string }> {
  const name = uniqueName("stream");
  await kinesis().send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return { name, arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}` };
}

/** Puts a JSON record; the shard is chosen by ExplicitHashKey (0 = the first shard). */
async function put(streamName: string, value: unknown, key = "k", hash = "0"): Promise<string> {
  const r = await kinesis().send(new PutRecordCommand({ StreamName: streamName, PartitionKey: key, Data: new TextEncoder().encode(JSON.stringify(value)), ExplicitHashKey: hash }));
  return r.SequenceNumber!;
}

const values = (batches: Batch[]): unknown[] => batches.flatMap((b) => b.Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString("utf8")) as unknown));

/** Advances the clock past retry backoffs, a bounded number of times. */
async function advanceRetries(times = 8): Promise<void> {
  for (let i = 0; i < times; i++) {
    await ctx.clock.advance(61_000);
    await ctx.aws.settle();
  }
}

describe("Lambda event source mappings for Kinesis streams", () => {
  it("delivers a shard's records in order in AWS's Kinesis event, from TRIM_HORIZON", async () => {
    const s = await stream();
    const f = await fn();
    const first = await put(s.name, { n: 1 }, "alpha");
    const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON" }));
    expect(created).toMatchObject({ EventSourceArn: s.arn, StartingPosition: "TRIM_HORIZON", BatchSize: 100, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1, BisectBatchOnFunctionError: false, State: "Creating" });
    for (const n of [2, 3, 4]) await put(s.name, { n }, `key-${n}`);
    await ctx.aws.settle();
    expect(values(f.batches())).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    const it = await kinesis().send(new GetShardIteratorCommand({ StreamName: s.name, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const stored = (await kinesis().send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }))).Records![0]!;
    const record = f.batches()[0]!.Records[0]!;
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: "alpha",
        sequenceNumber: first,
        data: Buffer.from(JSON.stringify({ n: 1 })).toString("base64"),
        approximateArrivalTimestamp: stored.ApproximateArrivalTimestamp!.getTime() / 1000,
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `shardId-000000000000:${first}`,
      eventName: "aws:kinesis:record",
      invokeIdentityArn: ROLE,
      awsRegion: "us-east-1",
      eventSourceARN: s.arn,
    });
    const mapping = await lambda().send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(mapping.State).toBe("Enabled");
    expect((mapping as unknown as Record<string, unknown>).Position).toBeUndefined();
  });

  it("reads every shard from LATEST or AT_TIMESTAMP, in order per shard", async () => {
    const s = await stream(2);
    const latest = await fn();
    const atTime = await fn();
    await put(s.name, { old: 1 }, "a", "0");
    await ctx.clock.advance(10_000);
    const since = new Date(ctx.clock.now());
    await put(s.name, { mid: 1 }, "a", "0");
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: latest.name, StartingPosition: "LATEST" }));
    const at = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: atTime.name, StartingPosition: "AT_TIMESTAMP", StartingPositionTimestamp: since }));
    expect(at.StartingPositionTimestamp?.getTime()).toBe(since.getTime());
    expect((await lambda().send(new GetEventSourceMappingCommand({ UUID: at.UUID }))).StartingPositionTimestamp?.getTime()).toBe(since.getTime());
    await ctx.aws.settle();
    const high = (2n ** 127n).toString(); // the second shard's half of the key space
    for (const n of [1, 2, 3]) {
      await put(s.name, { shard: 0, n }, "a", "0");
      await put(s.name, { shard: 1, n }, "b", high);
    }
    await ctx.aws.settle();
    const perShard = (batches: Batch[], shardId: string): unknown[] => values(batches.map((b) => ({ Records: b.Records.filter((r) => r.eventID.startsWith(`${shardId}:`)) })));
    expect(perShard(latest.batches(), "shardId-000000000000")).toEqual([1, 2, 3].map((n) => ({ shard: 0, n })));
    expect(perShard(latest.batches(), "shardId-000000000001")).toEqual([1, 2, 3].map((n) => ({ shard: 1, n })));
    expect(perShard(atTime.batches(), "shardId-000000000000")).toEqual([{ mid: 1 }, ...[1, 2, 3].map((n) => ({ shard: 0, n }))]);
    expect(perShard(atTime.batches(), "shardId-000000000001")).toEqual([1, 2, 3].map((n) => ({ shard: 1, n })));
  });

  it("resumes from the first reported batch item failure (itemIdentifier = sequence number)", async () => {
    const s = await stream();
    const marker = join(out, `${uniqueName("m")}.flag`);
    const f = await fn(
      `const bad = e.Records.find((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).n === 2);
       if (bad && !fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, "1"); return { batchItemFailures: [{ itemIdentifier: bad.kinesis.sequenceNumber }] }; }
       return { batchItemFailures: [] };`,
    );
    for (const n of [1, 2, 3]) await put(s.name, { n });
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON", FunctionResponseTypes: ["ReportBatchItemFailures"] }));
    await ctx.aws.settle();
    expect(f.batches().map((b) => values([b]))).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }]]);
    // The shard is blocked until the retry, which starts at the failed record.
    await put(s.name, { n: 4 });
    await ctx.aws.settle();
    expect(f.batches()).toHaveLength(1);
    await advanceRetries(1);
    expect(f.batches().map((b) => values([b]))).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }], [{ n: 2 }, { n: 3 }, { n: 4 }]]);
  });

  it("bisects a failing batch and sends AWS's KinesisBatchInfo to the on-failure queue, then moves on", async () => {
    const s = await stream();
    const sqs = ctx.client(SQSClient);
    const dlq = await queue(sqs);
    const f = await fn(`if (e.Records.some((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).poison)) throw new Error("boom"); return {};`);
    const seqs: string[] = [];
    for (const v of [{ n: 1 }, { n: 2 }, { poison: true }, { n: 4 }]) seqs.push(await put(s.name, v));
    const created = await lambda().send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: s.arn,
        FunctionName: f.name,
        StartingPosition: "TRIM_HORIZON",
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    await ctx.aws.settle();
    await advanceRetries();
    const sizes = f.batches().map((b) => b.Records.length);
    // 4 fails; its first half (2) succeeds; the rest (2) fails; bisected to the poison record alone, which fails past the retries.
    expect(sizes).toEqual([4, 2, 2, 1, 1]);
    const messages = await drain(sqs, dlq.url);
    expect(messages).toHaveLength(1);
    const pointer = JSON.parse(messages[0]!.Body!) as Record<string, unknown>;
    expect(pointer).toMatchObject({
      requestContext: { functionArn: expect.stringContaining(f.name) as unknown, condition: "RetryAttemptsExhausted", approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      KinesisBatchInfo: { shardId: "shardId-000000000000", startSequenceNumber: seqs[2], endSequenceNumber: seqs[2], batchSize: 1, streamArn: s.arn },
    });
    const info = pointer.KinesisBatchInfo as Record<string, string>;
    expect(Number.isNaN(Date.parse(info.approximateArrivalOfFirstRecord!))).toBe(false);
    expect(info.approximateArrivalOfLastRecord).toBe(info.approximateArrivalOfFirstRecord);
    // The shard moved on: the record after the poison was delivered, nothing more is pending.
    await put(s.name, { n: 5 });
    await ctx.aws.settle();
    const delivered = values(f.batches().filter((b) => !b.Records.some((r) => Buffer.from(r.kinesis.data, "base64").toString().includes("poison"))));
    expect(delivered).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }, { n: 5 }]);
    expect(created.DestinationConfig?.OnFailure?.Destination).toBe(dlq.arn);
  });

  it("gives up on records older than MaximumRecordAgeInSeconds (RecordAgeExceeded), and an update keeps the position", async () => {
    const s = await stream();
    const sqs = ctx.client(SQSClient);
    const dlq = await queue(sqs);
    const f = await fn(`if (e.Records.some((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).bad)) throw new Error("boom"); return {};`);
    const created = await lambda().send(
      new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST", MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: dlq.arn } } }),
    );
    await ctx.aws.settle();
    const bad = await put(s.name, { bad: true });
    await ctx.aws.settle();
    await advanceRetries(2);
    const [message, ...rest] = await drain(sqs, dlq.url);
    expect(rest).toHaveLength(0);
    expect(JSON.parse(message!.Body!)).toMatchObject({ requestContext: { condition: "RecordAgeExceeded" }, KinesisBatchInfo: { startSequenceNumber: bad, endSequenceNumber: bad, batchSize: 1 } });
    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 50 }));
    await put(s.name, { n: 1 });
    await ctx.aws.settle();
    // The update kept the shard's position: the record given up on is not delivered again.
    expect(values(f.batches()).filter((v) => !(v as { bad?: boolean }).bad)).toEqual([{ n: 1 }]);
    expect(f.batches().at(-1)!.Records).toHaveLength(1);
  });

  it("runs ParallelizationFactor lanes by partition key: order per key, a failing lane blocks only itself", async () => {
    const s = await stream();
    const lane = (key: string): number => createHash("md5").update(key).digest().readUInt32BE(0) % 2;
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const a = keys.find((k) => lane(k) === 0)!;
    const b = keys.find((k) => lane(k) === 1)!;
    const f = await fn(`if (e.Records.some((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).poison)) throw new Error("boom"); return {};`);
    for (const [key, value] of [[a, { k: "a", n: 1 }], [b, { k: "b", n: 1 }], [a, { k: "a", n: 2, poison: true }], [b, { k: "b", n: 2 }], [a, { k: "a", n: 3 }]] as const) await put(s.name, value, key);
    const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON", ParallelizationFactor: 2, MaximumRetryAttempts: 1 }));
    expect(created.ParallelizationFactor).toBe(2);
    await ctx.aws.settle();
    // Each batch holds one lane's keys; the b lane went through while the a lane is blocked on its poison record.
    const lanesOf = (bs: Batch[]): string[][] => bs.map((x) => [...new Set(x.Records.map((r) => r.kinesis.partitionKey))]);
    expect(lanesOf(f.batches()).sort()).toEqual([[a], [b]]);
    expect(values(f.batches().filter((x) => x.Records[0]!.kinesis.partitionKey === b))).toEqual([{ k: "b", n: 1 }, { k: "b", n: 2 }]);
    await put(s.name, { k: "b", n: 3 }, b);
    await ctx.aws.settle();
    expect(values(f.batches().filter((x) => x.Records[0]!.kinesis.partitionKey === b))).toEqual([1, 2, 3].map((n) => ({ k: "b", n })));
    // The a lane gives up after its retry and moves on, in order.
    await advanceRetries(2);
    await put(s.name, { k: "a", n: 4 }, a);
    await ctx.aws.settle();
    const aBatches = f.batches().filter((x) => x.Records[0]!.kinesis.partitionKey === a);
    expect(aBatches.map((x) => values([x]))).toEqual([
      [{ k: "a", n: 1 }, { k: "a", n: 2, poison: true }, { k: "a", n: 3 }],
      [{ k: "a", n: 1 }, { k: "a", n: 2, poison: true }, { k: "a", n: 3 }],
      [{ k: "a", n: 4 }],
    ]);
    // Back to one lane: it starts where the slowest lane was, so nothing is skipped or repeated here.
    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, ParallelizationFactor: 1 }));
    const before = f.batches().length;
    await put(s.name, { k: "a", n: 5 }, a);
    await put(s.name, { k: "b", n: 4 }, b);
    await ctx.aws.settle();
    expect(values(f.batches().slice(before))).toEqual([
      { k: "a", n: 5 },
      { k: "b", n: 4 },
    ]);
  });

  it("aggregates state over tumbling windows per shard and makes a final call per window", async () => {
    const s = await stream();
    const f = await fn(`return { state: { count: (e.state?.count ?? 0) + e.Records.length } };`);
    const now = ctx.clock.now().getTime();
    await ctx.clock.advance(60_000 - (now % 60_000) + 5000);
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST", TumblingWindowInSeconds: 60 }));
    await ctx.aws.settle();
    await put(s.name, { n: 1 });
    await ctx.clock.advance(1000);
    await put(s.name, { n: 2 });
    await ctx.aws.settle();
    await ctx.clock.advance(60_000);
    await put(s.name, { n: 3 });
    await ctx.aws.settle();
    type Windowed = Batch & { state: { count?: number }; isFinalInvokeForWindow: boolean; isWindowTerminatedEarly: boolean; window: { start: string; end: string }; shardId: string; eventSourceARN: string };
    const calls = f.batches() as Windowed[];
    expect(calls.map((b) => [values([b]), b.state, b.isFinalInvokeForWindow])).toEqual([
      [[{ n: 1 }], {}, false],
      [[{ n: 2 }], { count: 1 }, false],
      [[], { count: 2 }, true],
      [[{ n: 3 }], {}, false],
    ]);
    expect(Date.parse(calls[0]!.window.end) - Date.parse(calls[0]!.window.start)).toBe(60_000);
    expect(calls[0]).toMatchObject({ shardId: "shardId-000000000000", eventSourceARN: s.arn, isWindowTerminatedEarly: false });
  });

  it("reads a split shard to its end before its children, so a key's records stay in order", async () => {
    const s = await stream();
    const marker = join(out, `${uniqueName("m")}.flag`);
    // The first batch fails once, so the parent shard is still blocked when the child has records.
    const f = await fn(`if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, "1"); throw new Error("once"); } return {};`);
    await put(s.name, { n: 1 });
    await put(s.name, { n: 2 });
    await kinesis().send(new SplitShardCommand({ StreamName: s.name, ShardToSplit: "shardId-000000000000", NewStartingHashKey: (2n ** 127n).toString() }));
    await put(s.name, { n: 3 });
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON" }));
    await ctx.aws.settle();
    expect(f.batches().map((b) => values([b]))).toEqual([[{ n: 1 }, { n: 2 }]]);
    await advanceRetries(1);
    const batches = f.batches();
    expect(values(batches.slice(1))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(batches.at(-1)!.Records[0]!.eventID).toMatch(/^shardId-000000000001:/);
  });

  it("passes only records whose decoded data matches FilterCriteria", async () => {
    const s = await stream();
    const f = await fn();
    await lambda().send(
      new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON", FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ data: { kind: ["keep"] } }) }] } }),
    );
    await put(s.name, { kind: "keep", n: 1 });
    await put(s.name, { kind: "drop", n: 2 });
    await put(s.name, { kind: "keep", n: 3 });
    await ctx.aws.settle();
    expect(values(f.batches())).toEqual([
      { kind: "keep", n: 1 },
      { kind: "keep", n: 3 },
    ]);
  });

  it("waits MaximumBatchingWindowInSeconds on the clock before a short batch", async () => {
    const s = await stream();
    const f = await fn();
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST", BatchSize: 10, MaximumBatchingWindowInSeconds: 5 }));
    await ctx.aws.settle();
    await put(s.name, { n: 1 });
    await ctx.aws.settle();
    expect(f.batches()).toHaveLength(0);
    await put(s.name, { n: 2 });
    await ctx.clock.advance(5_000);
    await ctx.aws.settle();
    expect(f.batches().map((b) => values([b]))).toEqual([[{ n: 1 }, { n: 2 }]]);
  });

  it("refuses what AWS refuses", async () => {
    const s = await stream();
    const f = await fn();
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name })), { name: "InvalidParameterValueException", status: 400, message: /startingPosition/ });
    await expectAwsError(
      lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: `${s.arn}-missing`, FunctionName: f.name, StartingPosition: "LATEST" })),
      { name: "InvalidParameterValueException", status: 400, message: `Stream not found: ${s.arn}-missing` },
    );
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST", BatchSize: 10_001 })), { name: "ValidationException", status: 400, message: /batchSize/ });
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST", BatchSize: 10_000 }));
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: s.arn, FunctionName: f.name, StartingPosition: "LATEST" })), { name: "ResourceConflictException", status: 409, message: /Kinesis arn/ });
  });
});
