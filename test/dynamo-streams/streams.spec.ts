import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { expectAwsError, tableWithStream, useServer } from "../helpers/index.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const streams = (): DynamoDBStreamsClient => ctx.client(DynamoDBStreamsClient);

const streamTable = (view: "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES"): Promise<{ name: string; streamArn: string }> => tableWithStream(ddb(), view);

/** Every record of the stream, shard by shard (parents first), each shard read until it ends or is empty. */
async function allRecords(streamArn: string, type: "TRIM_HORIZON" | "LATEST" = "TRIM_HORIZON"): Promise<_Record[]> {
  const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const out: _Record[] = [];
  for (const shard of StreamDescription!.Shards!) {
    let { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: type }));
    for (let i = 0; i < 20 && ShardIterator; i++) {
      const page = await streams().send(new GetRecordsCommand({ ShardIterator }));
      out.push(...(page.Records ?? []));
      if (!page.Records?.length) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return out;
}

describe("DynamoDB Streams", () => {
  it("lists and describes a table's stream", async () => {
    const { name, streamArn } = await streamTable("NEW_AND_OLD_IMAGES");
    expect(streamArn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$`));
    const { Streams } = await streams().send(new ListStreamsCommand({ TableName: name }));
    expect(Streams).toEqual([{ StreamArn: streamArn, TableName: name, StreamLabel: streamArn.split("/stream/")[1] }]);
    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(StreamDescription).toMatchObject({ StreamArn: streamArn, StreamStatus: "ENABLED", StreamViewType: "NEW_AND_OLD_IMAGES", TableName: name, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] });
    expect(StreamDescription!.Shards).toHaveLength(1);
    expect(StreamDescription!.Shards![0]!.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{21}$/);
  });

  it("records INSERT, MODIFY and REMOVE with both images, in order, and nothing for a write that changes nothing", async () => {
    const { name, streamArn } = await streamTable("NEW_AND_OLD_IMAGES");
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "1" } } }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "1" } } }));
    await ddb().send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :two", ExpressionAttributeValues: { ":two": { N: "2" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "a" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "missing" } } }));
    const records = await allRecords(streamArn);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    expect(records[0]).toMatchObject({ eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1", dynamodb: { Keys: { pk: { S: "a" } }, NewImage: { pk: { S: "a" }, n: { N: "1" } }, StreamViewType: "NEW_AND_OLD_IMAGES" } });
    expect(records[0]!.dynamodb!.OldImage).toBeUndefined();
    expect(records[1]!.dynamodb).toMatchObject({ OldImage: { n: { N: "1" } }, NewImage: { n: { N: "2" } } });
    expect(records[2]!.dynamodb).toMatchObject({ OldImage: { n: { N: "2" } } });
    expect(records[2]!.dynamodb!.NewImage).toBeUndefined();
    expect(records[0]!.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(records[0]!.dynamodb!.ApproximateCreationDateTime).toBeInstanceOf(Date);
    expect(records[0]!.dynamodb!.SizeBytes).toBeGreaterThan(0);
    const seqs = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
    expect(records[0]!.userIdentity).toBeUndefined();
  });

  it("records a plain PutItem exactly as a PutItem that asks for its old item (two write paths), for every view type", async () => {
    for (const view of ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"] as const) {
      const { name, streamArn } = await streamTable(view);
      const put = (v: string, returnOld: boolean) =>
        ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "k" }, v: { S: v }, n: { N: "1.50" } }, ...(returnOld ? { ReturnValues: "ALL_OLD" as const } : {}) }));
      await put("one", false);
      await put("two", false);
      await put("two", false);
      await ddb().send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "k" } } }));
      await put("one", true);
      await put("two", true);
      await put("two", true);
      const records = await allRecords(streamArn);
      expect(records.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE", "INSERT", "MODIFY"]);
      const content = (r: _Record) => ({ ...r, eventID: undefined, dynamodb: { ...r.dynamodb, SequenceNumber: undefined, ApproximateCreationDateTime: undefined } });
      expect(content(records[0]!)).toEqual(content(records[3]!));
      expect(content(records[1]!)).toEqual(content(records[4]!));
      expect(Number.isInteger(records[1]!.dynamodb!.SizeBytes)).toBe(true);
      expect(records[1]!.dynamodb!.OldImage).toEqual(view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES" ? { pk: { S: "k" }, v: { S: "one" }, n: { N: "1.5" } } : undefined);
    }
  });

  it("carries only the images its view type asks for", async () => {
    for (const view of ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE"] as const) {
      const { name, streamArn } = await streamTable(view);
      await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "k" }, v: { S: "1" } } }));
      await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "k" }, v: { S: "2" } } }));
      const [, modify] = await allRecords(streamArn);
      expect(modify!.dynamodb!.StreamViewType).toBe(view);
      expect(modify!.dynamodb!.Keys).toEqual({ pk: { S: "k" } });
      expect(modify!.dynamodb!.NewImage).toEqual(view === "NEW_IMAGE" ? { pk: { S: "k" }, v: { S: "2" } } : undefined);
      expect(modify!.dynamodb!.OldImage).toEqual(view === "OLD_IMAGE" ? { pk: { S: "k" }, v: { S: "1" } } : undefined);
    }
  });

  it("pages with Limit and NextShardIterator, and LATEST starts after the newest record", async () => {
    const { name, streamArn } = await streamTable("KEYS_ONLY");
    for (let i = 0; i < 5; i++) await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: `k${i}` } } }));
    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const ShardId = StreamDescription!.Shards![0]!.ShardId!;
    let { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await streams().send(new GetRecordsCommand({ ShardIterator, Limit: 2 }));
      keys.push(...(page.Records ?? []).map((r) => r.dynamodb!.Keys!.pk!.S!));
      ShardIterator = page.NextShardIterator;
    }
    expect(keys).toEqual(["k0", "k1", "k2", "k3", "k4"]);
    const latest = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "LATEST" }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "after" } } }));
    const page = await streams().send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }));
    expect(page.Records?.map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["after"]);
  });

  it("starts AT and AFTER a sequence number", async () => {
    const { name, streamArn } = await streamTable("KEYS_ONLY");
    for (const k of ["x", "y", "z"]) await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: k } } }));
    const records = await allRecords(streamArn);
    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const ShardId = StreamDescription!.Shards![0]!.ShardId!;
    const SequenceNumber = records[1]!.dynamodb!.SequenceNumber!;
    const at = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber }));
    expect((await streams().send(new GetRecordsCommand({ ShardIterator: at.ShardIterator }))).Records?.map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["y", "z"]);
    const after = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber }));
    expect((await streams().send(new GetRecordsCommand({ ShardIterator: after.ShardIterator }))).Records?.map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["z"]);
  });

  it("expires iterators after 15 minutes", async () => {
    const { streamArn } = await streamTable("KEYS_ONLY");
    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    await ctx.clock.advance(15 * 60_000 + 1000);
    await expectAwsError(streams().send(new GetRecordsCommand({ ShardIterator })), { name: "ExpiredIteratorException", status: 400, message: /^Iterator expired\. The iterator was created at time .* which is further in the future than the tolerated delay of 900000 milliseconds\.$/ });
  });

  it("gives a new stream ARN when the stream is disabled and enabled again; the old one reads to its end", async () => {
    const { name, streamArn } = await streamTable("KEYS_ONLY");
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "old" } } }));
    await ddb().send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "unrecorded" } } }));
    await ctx.clock.advance(1000);
    const { TableDescription } = await ddb().send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }));
    const second = TableDescription!.LatestStreamArn!;
    expect(second).not.toBe(streamArn);
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "new" } } }));
    const old = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(old.StreamDescription?.StreamStatus).toBe("DISABLED");
    expect(old.StreamDescription?.Shards?.[0]?.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{21}$/);
    expect((await allRecords(streamArn)).map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["old"]);
    expect((await allRecords(second)).map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["new"]);
  });

  it("keeps records 24 hours", async () => {
    const { name, streamArn } = await streamTable("KEYS_ONLY");
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "early" } } }));
    await ctx.clock.advance(23 * 3_600_000);
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "late" } } }));
    expect((await allRecords(streamArn)).map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["early", "late"]);
    await ctx.clock.advance(2 * 3_600_000);
    expect((await allRecords(streamArn)).map((r) => r.dynamodb!.Keys!.pk!.S)).toEqual(["late"]);
  });

  it("closes a shard after four hours and opens a child; a closed shard read to its end has no next iterator", async () => {
    const { name, streamArn } = await streamTable("KEYS_ONLY");
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "first" } } }));
    await ctx.clock.advance(4 * 3_600_000 + 1000);
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "second" } } }));
    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const [parent, child] = StreamDescription!.Shards!;
    expect(StreamDescription!.Shards).toHaveLength(2);
    expect(child!.ParentShardId).toBe(parent!.ShardId);
    expect(parent!.ParentShardId).toBeUndefined();
    expect(parent!.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{21}$/);
    expect(child!.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    const read = async (ShardId: string): Promise<{ keys: string[]; next?: string }> => {
      const { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }));
      const page = await streams().send(new GetRecordsCommand({ ShardIterator }));
      return { keys: (page.Records ?? []).map((r) => r.dynamodb!.Keys!.pk!.S!), next: page.NextShardIterator };
    };
    const p = await read(parent!.ShardId!);
    expect(p).toEqual({ keys: ["first"], next: undefined });
    const c = await read(child!.ShardId!);
    expect(c.keys).toEqual(["second"]);
    expect(c.next).toBeDefined();
  });

  it("answers AWS's errors for unknown streams and shards", async () => {
    const missing = "arn:aws:dynamodb:us-east-1:000000000000:table/nope/stream/2026-01-01T00:00:00.000";
    await expectAwsError(streams().send(new DescribeStreamCommand({ StreamArn: missing })), { name: "ResourceNotFoundException", status: 400, message: `Requested resource not found: Stream: ${missing} not found` });
    const { streamArn } = await streamTable("KEYS_ONLY");
    await expectAwsError(streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: "shardId-00000000000000-00000000", ShardIteratorType: "LATEST" })), { name: "ResourceNotFoundException", status: 400 });
    await expectAwsError(streams().send(new GetRecordsCommand({ ShardIterator: "garbage" })), { name: "ValidationException", status: 400 });
  });
});
