/**
 * How stream records are stored: each stream's shared fields (account, region, table and stream
 * ARNs, view type) once, each record naming them by id. What a reader gets is the same record
 * either way: records written by earlier versions (the fields in every record) still read, and
 * after a snapshot is restored the ids are the restored database's.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { tableWithStream, useServer } from "../helpers/index.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const streams = (): DynamoDBStreamsClient => ctx.client(DynamoDBStreamsClient);

const streamTable = (): Promise<{ name: string; streamArn: string }> => tableWithStream(ddb(), "NEW_AND_OLD_IMAGES", "stored");

async function records(streamArn: string): Promise<_Record[]> {
  const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shard = StreamDescription!.Shards![0]!;
  const { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
  return (await streams().send(new GetRecordsCommand({ ShardIterator }))).Records ?? [];
}

const payloads = (): string[] => ctx.aws.server.store.raw.prepare("SELECT payload FROM core_log WHERE kind = 'dynamo.ItemChanged' ORDER BY seq").pluck().all() as string[];

describe("stored stream records", () => {
  it("store a stream's shared fields once and read back whole, through both write paths", async () => {
    const { name, streamArn } = await streamTable();
    const before = payloads().length;
    // A plain put (one SQL statement writes item and record) and a conditional one (the transaction path).
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "1" } } }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "2" } }, ConditionExpression: "attribute_exists(pk)" }));
    const stored = payloads().slice(before);
    expect(stored).toHaveLength(2);
    for (const text of stored) {
      expect(text).toMatch(/^\{"stream":\d+,"eventName":"(INSERT|MODIFY)"/);
      expect(text).not.toContain(streamArn);
    }
    const got = await records(streamArn);
    expect(got.map((r) => [r.eventName, r.awsRegion, r.dynamodb?.StreamViewType, r.dynamodb?.NewImage?.n?.N, r.dynamodb?.OldImage?.n?.N])).toEqual([
      ["INSERT", "us-east-1", "NEW_AND_OLD_IMAGES", "1", undefined],
      ["MODIFY", "us-east-1", "NEW_AND_OLD_IMAGES", "2", "1"],
    ]);
  });

  it("read records written whole by earlier versions", async () => {
    const { name, streamArn } = await streamTable();
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: "new" } } }));
    const [compact] = payloads().slice(-1);
    // The same record as an earlier version stored it: every shared field in the record itself.
    const legacy = compact!
      .replace(/^\{"stream":\d+,/, `{"accountId":"000000000000","region":"us-east-1","tableName":"${name}","tableArn":"${streamArn.split("/stream/")[0]}","streamArn":"${streamArn}","streamViewType":"NEW_AND_OLD_IMAGES",`)
      .replace('"S":"new"', '"S":"old"')
      .replace('"S":"new"', '"S":"old"');
    const server = ctx.aws.server;
    server.store.raw.prepare("UPDATE core_log SET payload = ? WHERE seq = (SELECT max(seq) FROM core_log)").run(legacy);
    const got = await records(streamArn);
    expect(got.map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(["old"]);
    expect(got[0]!.dynamodb?.NewImage).toEqual({ pk: { S: "old" } });
  });

  it("name the restored database's fields after a snapshot is restored", async () => {
    const table = await streamTable();
    await ddb().send(new PutItemCommand({ TableName: table.name, Item: { pk: { S: "before" } } }));
    const quiet = await streamTable();
    const snapshot = await ctx.aws.snapshot();
    // The quiet table's first record, after the snapshot, stores its stream's fields: the restored database does not have them.
    await ddb().send(new PutItemCommand({ TableName: quiet.name, Item: { pk: { S: "lost" } } }));
    await ctx.aws.restore(snapshot);
    expect((await records(table.streamArn)).map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(["before"]);
    // Another stream now takes the id the lost fields had; each stream's records stay its own.
    const other = await streamTable();
    await ddb().send(new PutItemCommand({ TableName: other.name, Item: { pk: { S: "other" } } }));
    await ddb().send(new PutItemCommand({ TableName: quiet.name, Item: { pk: { S: "after" } } }));
    expect((await records(quiet.streamArn)).map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(["after"]);
    expect((await records(other.streamArn)).map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(["other"]);
  });
});
