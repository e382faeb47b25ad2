import {
  CreateStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type ShardIteratorType,
} from "@aws-sdk/client-kinesis";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
// Default client settings: the SDK speaks cleartext HTTP/2 to an http:// endpoint.
const kinesis = (): KinesisClient => ctx.client(KinesisClient);
const text = new TextEncoder();
const decoded = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

async function stream(shards: number): Promise<string> {
  const StreamName = uniqueName("stream");
  await kinesis().send(new CreateStreamCommand({ StreamName, ShardCount: shards }));
  return StreamName;
}

async function iterator(StreamName: string, ShardId: string, ShardIteratorType: ShardIteratorType, extra: Record<string, unknown> = {}): Promise<string> {
  return (await kinesis().send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType, ...extra }))).ShardIterator!;
}

describe("streams and shards", () => {
  it("creates shards splitting the 128-bit key space evenly, and describes and lists them", async () => {
    const StreamName = await stream(3);
    const { StreamDescription } = await kinesis().send(new DescribeStreamCommand({ StreamName }));
    expect(StreamDescription?.StreamStatus).toBe("ACTIVE");
    expect(StreamDescription?.StreamARN).toBe(`arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`);
    expect(StreamDescription?.Shards?.map((s) => [s.ShardId, s.HashKeyRange?.StartingHashKey, s.HashKeyRange?.EndingHashKey])).toEqual([
      ["shardId-000000000000", "0", "113427455640312821154458202477256070484"],
      ["shardId-000000000001", "113427455640312821154458202477256070485", "226854911280625642308916404954512140969"],
      ["shardId-000000000002", "226854911280625642308916404954512140970", "340282366920938463463374607431768211455"],
    ]);
    const summary = await kinesis().send(new DescribeStreamSummaryCommand({ StreamName }));
    expect(summary.StreamDescriptionSummary).toMatchObject({ OpenShardCount: 3, RetentionPeriodHours: 24, StreamModeDetails: { StreamMode: "PROVISIONED" } });
    const listed = await kinesis().send(new ListStreamsCommand({}));
    expect(listed.StreamNames).toContain(StreamName);
    const shards = await kinesis().send(new ListShardsCommand({ StreamName, MaxResults: 2 }));
    expect(shards.Shards).toHaveLength(2);
    const rest = await kinesis().send(new ListShardsCommand({ NextToken: shards.NextToken }));
    expect(rest.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
  });

  it("answers AWS's errors for a missing stream and a duplicate name", async () => {
    await expectAwsError(kinesis().send(new DescribeStreamCommand({ StreamName: "nope" })), { name: "ResourceNotFoundException", message: "Stream nope under account 000000000000 not found." });
    const StreamName = await stream(1);
    await expectAwsError(kinesis().send(new CreateStreamCommand({ StreamName, ShardCount: 1 })), { name: "ResourceInUseException", message: `Stream ${StreamName} under account 000000000000 already exists.` });
  });

  it("refuses shards beyond the account's shard quota (500 in us-east-1) in AWS's words", async () => {
    for (const ShardCount of [501, 1e308]) {
      await expectAwsError(kinesis().send(new CreateStreamCommand({ StreamName: uniqueName("quota"), ShardCount })), {
        name: "LimitExceededException",
        message: new RegExp(`^This request would exceed the shard limit for the account 000000000000 in us-east-1\\. Current shard count for the account: \\d+\\. Limit: 500\\. Number of additional shards that would have resulted from this request: ${ShardCount === 501 ? 501 : "1e\\+308"}\\.$`),
      });
    }
  });
});

describe("records", () => {
  it("puts each record in the shard whose range holds the MD5 of its partition key, with rising 56-digit sequence numbers", async () => {
    const StreamName = await stream(4);
    const { Shards } = await kinesis().send(new ListShardsCommand({ StreamName }));
    for (const key of ["alpha", "beta", "gamma", "delta", "epsilon"]) {
      const hash = BigInt(`0x${createHash("md5").update(key).digest("hex")}`);
      const expected = Shards!.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= hash && hash <= BigInt(s.HashKeyRange!.EndingHashKey!))!.ShardId;
      const out = await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: key, Data: text.encode(key) }));
      expect(out.ShardId).toBe(expected);
      expect(out.SequenceNumber).toMatch(/^\d{56}$/);
    }
    const explicit = await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "x", ExplicitHashKey: "340282366920938463463374607431768211455", Data: text.encode("last") }));
    expect(explicit.ShardId).toBe("shardId-000000000003");
  });

  it("reads with each iterator type, in order, with MillisBehindLatest and a next iterator", async () => {
    const StreamName = await stream(1);
    const ShardId = "shardId-000000000000";
    const put = await kinesis().send(
      new PutRecordsCommand({ StreamName, Records: ["one", "two", "three"].map((d) => ({ PartitionKey: "k", Data: text.encode(d) })) }),
    );
    expect(put.FailedRecordCount).toBe(0);
    const seqs = put.Records!.map((r) => r.SequenceNumber!);
    expect([...seqs].sort()).toEqual(seqs);

    const all = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, ShardId, "TRIM_HORIZON") }));
    expect(all.Records?.map((r) => decoded(r.Data))).toEqual(["one", "two", "three"]);
    expect(all.Records?.[0]?.PartitionKey).toBe("k");
    expect(all.Records?.[0]?.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(all.MillisBehindLatest).toBe(0);
    const at = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, ShardId, "AT_SEQUENCE_NUMBER", { StartingSequenceNumber: seqs[1] }) }));
    expect(at.Records?.map((r) => decoded(r.Data))).toEqual(["two", "three"]);
    const after = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, ShardId, "AFTER_SEQUENCE_NUMBER", { StartingSequenceNumber: seqs[1] }) }));
    expect(after.Records?.map((r) => decoded(r.Data))).toEqual(["three"]);

    const latest = await iterator(StreamName, ShardId, "LATEST");
    const empty = await kinesis().send(new GetRecordsCommand({ ShardIterator: latest }));
    expect(empty.Records).toEqual([]);
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("four") }));
    const next = await kinesis().send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }));
    expect(next.Records?.map((r) => decoded(r.Data))).toEqual(["four"]);

    const since = new Date(ctx.clock.now().getTime());
    await ctx.clock.advance(1000);
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("five") }));
    const byTime = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, ShardId, "AT_TIMESTAMP", { Timestamp: new Date(since.getTime() + 1) }) }));
    expect(byTime.Records?.map((r) => decoded(r.Data))).toEqual(["five"]);
  });

  it("expires iterators after five minutes and refuses an AT_TIMESTAMP in the future", async () => {
    const StreamName = await stream(1);
    const it = await iterator(StreamName, "shardId-000000000000", "TRIM_HORIZON");
    await ctx.clock.advance(5 * 60_000 + 1);
    await expectAwsError(kinesis().send(new GetRecordsCommand({ ShardIterator: it })), { name: "ExpiredIteratorException", message: /^Iterator expired\./ });
    await expectAwsError(iterator(StreamName, "shardId-000000000000", "AT_TIMESTAMP", { Timestamp: new Date(ctx.clock.now().getTime() + 60_000) }), {
      name: "InvalidArgumentException",
      message: /^The timestampInMillis parameter cannot be greater than the currentTimestampInMillis/,
    });
  });

  it("drops records older than the retention period", async () => {
    const StreamName = await stream(1);
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("old") }));
    await ctx.clock.advance(24 * 3_600_000 + 1);
    const out = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, "shardId-000000000000", "TRIM_HORIZON") }));
    expect(out.Records).toEqual([]);
  });
});

describe("resharding", () => {
  it("splits and merges: parents close, children name them, and each shard reads in order to its end", async () => {
    const StreamName = await stream(1);
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("before split") }));
    await kinesis().send(new SplitShardCommand({ StreamName, ShardToSplit: "shardId-000000000000", NewStartingHashKey: (1n << 127n).toString() }));
    const { Shards } = await kinesis().send(new ListShardsCommand({ StreamName }));
    expect(Shards?.map((s) => [s.ShardId, s.ParentShardId, s.SequenceNumberRange?.EndingSequenceNumber !== undefined])).toEqual([
      ["shardId-000000000000", undefined, true],
      ["shardId-000000000001", "shardId-000000000000", false],
      ["shardId-000000000002", "shardId-000000000000", false],
    ]);
    const parent = await kinesis().send(new GetRecordsCommand({ ShardIterator: await iterator(StreamName, "shardId-000000000000", "TRIM_HORIZON") }));
    expect(parent.Records?.map((r) => decoded(r.Data))).toEqual(["before split"]);
    expect(parent.NextShardIterator).toBeUndefined();
    expect(parent.ChildShards?.map((c) => c.ShardId)).toEqual(["shardId-000000000001", "shardId-000000000002"]);

    await kinesis().send(new MergeShardsCommand({ StreamName, ShardToMerge: "shardId-000000000001", AdjacentShardToMerge: "shardId-000000000002" }));
    const merged = (await kinesis().send(new ListShardsCommand({ StreamName }))).Shards!.at(-1)!;
    expect(merged).toMatchObject({ ShardId: "shardId-000000000003", ParentShardId: "shardId-000000000001", AdjacentParentShardId: "shardId-000000000002" });
    expect(merged.HashKeyRange).toEqual({ StartingHashKey: "0", EndingHashKey: "340282366920938463463374607431768211455" });
    const put = await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("after merge") }));
    expect(put.ShardId).toBe("shardId-000000000003");
  });
});

describe("snapshots", () => {
  it("writes by the restored shards after a restore (nothing cached from the later past)", async () => {
    const StreamName = await stream(1);
    const id = await ctx.aws.snapshot();
    await kinesis().send(new SplitShardCommand({ StreamName, ShardToSplit: "shardId-000000000000", NewStartingHashKey: (1n << 127n).toString() }));
    expect((await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("x"), ExplicitHashKey: "1" }))).ShardId).toBe("shardId-000000000001");
    await ctx.aws.restore(id);
    expect((await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: text.encode("y"), ExplicitHashKey: "1" }))).ShardId).toBe("shardId-000000000000");
  });
});

describe("large requests over HTTP/2", () => {
  it("takes a 1 MiB record and a 500-record batch as the first request of a new connection (larger than one socket read)", async () => {
    const StreamName = await stream(2);
    const fresh = (): KinesisClient => ctx.client(KinesisClient);
    const one = fresh();
    const put = await one.send(new PutRecordCommand({ StreamName, PartitionKey: "big", Data: new Uint8Array(1024 * 1024 - 3) }));
    expect(put.SequenceNumber).toMatch(/^\d{56}$/);
    one.destroy();
    const batch = fresh();
    const out = await batch.send(new PutRecordsCommand({ StreamName, Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${i}`, Data: new Uint8Array(1024).fill(i % 256) })) }));
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(500);
    batch.destroy();
  });
});

describe("configuration", () => {
  it("keeps a new stream CREATING for kinesis.statusDelayMs of the clock", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { startLocalAws } = await import("../../src/index.js");
    const dir = mkdtempSync(join(tmpdir(), "kinesis-config-"));
    const config = join(dir, "local-aws.json");
    writeFileSync(config, JSON.stringify({ kinesis: { statusDelayMs: 10_000 } }));
    const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent", config });
    try {
      const client = new KinesisClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDLOCALAWSTEST", secretAccessKey: "x" } });
      await client.send(new CreateStreamCommand({ StreamName: "slow", ShardCount: 1 }));
      expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: "slow" }))).StreamDescriptionSummary?.StreamStatus).toBe("CREATING");
      await aws.clock.advance(10_000);
      expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: "slow" }))).StreamDescriptionSummary?.StreamStatus).toBe("ACTIVE");
      client.destroy();
    } finally {
      await aws.stop();
    }
  });
});
