import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

// Per-shard limits are off by default; this server turns them on (config `kinesis.throughputLimits`).
const config = join(mkdtempSync(join(tmpdir(), "kinesis-limits-")), "local-aws.json");
writeFileSync(config, JSON.stringify({ kinesis: { throughputLimits: true } }));
const ctx = useServer({ config });
const kinesis = (): KinesisClient => ctx.client(KinesisClient);

async function stream(): Promise<string> {
  const StreamName = uniqueName("limits");
  await kinesis().send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  return StreamName;
}

const rate = (StreamName: string): string => `Rate exceeded for shard shardId-000000000000 in stream ${StreamName} under account 000000000000.`;

describe("per-shard throughput limits on the clock", () => {
  it("takes 1,000 records a second per shard and refuses the rest entry by entry, then takes more the next second", async () => {
    const StreamName = await stream();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ PartitionKey: `k${i}`, Data: new Uint8Array([i % 256]) }));
    const first = await kinesis().send(new PutRecordsCommand({ StreamName, Records: batch(500) }));
    expect(first.FailedRecordCount).toBe(0);
    const second = await kinesis().send(new PutRecordsCommand({ StreamName, Records: batch(500) }));
    expect(second.FailedRecordCount).toBe(0);
    const third = await kinesis().send(new PutRecordsCommand({ StreamName, Records: batch(3) }));
    expect(third.FailedRecordCount).toBe(3);
    expect(third.Records?.[0]).toEqual({ ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: rate(StreamName) });
    await expectAwsError(kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: new Uint8Array([1]) })), {
      name: "ProvisionedThroughputExceededException",
      message: rate(StreamName),
    });
    await ctx.clock.advance(1_000);
    expect((await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: new Uint8Array([1]) }))).SequenceNumber).toBeDefined();
  });

  it("takes 1 MiB a second per shard", async () => {
    const StreamName = await stream();
    const big = new Uint8Array(400 * 1024);
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "a", Data: big }));
    await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "b", Data: big }));
    const mixed = await kinesis().send(new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: "c", Data: big }, { PartitionKey: "d", Data: new Uint8Array(10) }] }));
    expect(mixed.FailedRecordCount).toBe(1);
    expect(mixed.Records?.[0]?.ErrorCode).toBe("ProvisionedThroughputExceededException");
    expect(mixed.Records?.[1]?.SequenceNumber).toBeDefined();
  });

  it("takes five GetRecords calls a second per shard, and makes a large read wait for the 2 MiB/s rate", async () => {
    const StreamName = await stream();
    const { ShardIterator } = await kinesis().send(new GetShardIteratorCommand({ StreamName, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    for (let i = 0; i < 5; i++) await kinesis().send(new GetRecordsCommand({ ShardIterator }));
    await expectAwsError(kinesis().send(new GetRecordsCommand({ ShardIterator })), { name: "ProvisionedThroughputExceededException", message: rate(StreamName) });
    await ctx.clock.advance(1_000);
    // 6 MiB of records, written over six seconds (1 MiB a second is the write limit).
    for (let s = 0; s < 6; s++) {
      for (let i = 0; i < 4; i++) await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: `k${i}`, Data: new Uint8Array(256 * 1024 - 8) }));
      await ctx.clock.advance(1_000);
    }
    const read = await kinesis().send(new GetRecordsCommand({ ShardIterator: (await kinesis().send(new GetShardIteratorCommand({ StreamName, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator }));
    expect(read.Records).toHaveLength(24);
    // Three seconds' worth of data read at once: the next call waits two seconds.
    await expectAwsError(kinesis().send(new GetRecordsCommand({ ShardIterator: read.NextShardIterator })), { name: "ProvisionedThroughputExceededException" });
    await ctx.clock.advance(2_000);
    expect((await kinesis().send(new GetRecordsCommand({ ShardIterator: read.NextShardIterator }))).Records).toEqual([]);
  });
});
