import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const streams = (): DynamoDBStreamsClient => ctx.client(DynamoDBStreamsClient);
const nowS = (): number => Math.floor(ctx.clock.now().getTime() / 1000);

async function ttlTable(): Promise<{ name: string; streamArn: string }> {
  const name = uniqueName("sessions");
  const { TableDescription } = await ddb().send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "OLD_IMAGE" },
    }),
  );
  await ddb().send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } }));
  return { name, streamArn: TableDescription!.LatestStreamArn! };
}

async function ids(name: string): Promise<string[]> {
  const { Items } = await ddb().send(new ScanCommand({ TableName: name }));
  return (Items ?? []).map((i) => i.id!.S!).sort();
}

describe("time to live", () => {
  it("deletes expired items within a minute, keeps the others, and streams service REMOVEs", async () => {
    const { name, streamArn } = await ttlTable();
    const put = (id: string, expires?: Record<string, unknown>): Promise<unknown> =>
      ddb().send(new PutItemCommand({ TableName: name, Item: { id: { S: id }, ...(expires ? { expires } : {}) } as never }));
    await put("soon", { N: String(nowS() + 30) });
    await put("later", { N: String(nowS() + 3600) });
    await put("string-ttl", { S: String(nowS() - 10) });
    await put("no-ttl");
    await put("ancient", { N: String(nowS() - 6 * 365 * 86_400) });
    await ctx.clock.advance(31_000);
    // Expired but not yet swept: still read, as on AWS.
    expect((await ddb().send(new GetItemCommand({ TableName: name, Key: { id: { S: "soon" } } }))).Item).toBeDefined();
    await ctx.clock.advance(60_000);
    expect(await ids(name)).toEqual(["ancient", "later", "no-ttl", "string-ttl"]);
    await ctx.clock.advance(3600_000);
    expect(await ids(name)).toEqual(["ancient", "no-ttl", "string-ttl"]);

    const { StreamDescription } = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const { ShardIterator } = await streams().send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    const { Records } = await streams().send(new GetRecordsCommand({ ShardIterator }));
    const removes = (Records ?? []).filter((r) => r.eventName === "REMOVE");
    expect(removes.map((r) => r.dynamodb!.Keys!.id!.S)).toEqual(["soon", "later"]);
    expect(removes[0]!.userIdentity).toEqual({ PrincipalId: "dynamodb.amazonaws.com", Type: "Service" });
    expect(removes[0]!.dynamodb!.OldImage).toMatchObject({ id: { S: "soon" } });
    expect((Records ?? []).filter((r) => r.eventName === "INSERT").every((r) => r.userIdentity === undefined)).toBe(true);
  });
});
