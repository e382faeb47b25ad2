import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, DescribeStreamCommand } from "@aws-sdk/client-dynamodb-streams";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

// Replication takes one second of the (virtual) clock, so a test can read a replica too early.
const dir = mkdtempSync(join(tmpdir(), "ddb-global-"));
const config = join(dir, "local-aws.json");
writeFileSync(config, JSON.stringify({ dynamodb: { replicationDelayMs: 1000 } }));
const ctx = useServer({ config });
const east = (): DynamoDBClient => ctx.client(DynamoDBClient);
const west = (): DynamoDBClient => ctx.client(DynamoDBClient, { region: "eu-west-1" });

async function globalTable(): Promise<string> {
  const TableName = uniqueName("global");
  await east().send(
    new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
  );
  await east().send(new PutItemCommand({ TableName, Item: { pk: { S: "before" }, v: { N: "0" } } }));
  await east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }] }));
  return TableName;
}

const get = async (client: DynamoDBClient, TableName: string, pk: string) => (await client.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } } }))).Item;

describe("replicas", () => {
  it("creates a replica in another region with the table's items and a NEW_AND_OLD_IMAGES stream on both", async () => {
    const TableName = await globalTable();
    const here = await east().send(new DescribeTableCommand({ TableName }));
    expect(here.Table?.Replicas).toEqual([{ RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" }]);
    expect(here.Table?.GlobalTableVersion).toBe("2019.11.21");
    expect(here.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    const there = await west().send(new DescribeTableCommand({ TableName }));
    expect(there.Table?.Replicas).toEqual([{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE" }]);
    expect(there.Table?.TableArn).toContain(":eu-west-1:");
    expect(await get(west(), TableName, "before")).toEqual({ pk: { S: "before" }, v: { N: "0" } });
  });

  it("carries writes both ways after the replication delay, deletes included, and shows them in the replica's stream", async () => {
    const TableName = await globalTable();
    await east().send(new PutItemCommand({ TableName, Item: { pk: { S: "a" }, v: { N: "1" } } }));
    expect(await get(west(), TableName, "a")).toBeUndefined();
    await ctx.clock.advance(1000);
    expect(await get(west(), TableName, "a")).toEqual({ pk: { S: "a" }, v: { N: "1" } });

    await west().send(new PutItemCommand({ TableName, Item: { pk: { S: "b" }, v: { N: "2" } } }));
    await west().send(new DeleteItemCommand({ TableName, Key: { pk: { S: "a" } } }));
    await ctx.clock.advance(1000);
    expect(await get(east(), TableName, "b")).toEqual({ pk: { S: "b" }, v: { N: "2" } });
    expect(await get(east(), TableName, "a")).toBeUndefined();

    const streams = ctx.client(DynamoDBStreamsClient, { region: "eu-west-1" });
    const { Streams } = await streams.send(new ListStreamsCommand({ TableName }));
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Streams![0]!.StreamArn }));
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: Streams![0]!.StreamArn, ShardId: StreamDescription!.Shards![0]!.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    const inserted = Records?.find((r) => r.eventName === "INSERT" && r.dynamodb?.Keys?.pk?.S === "a");
    expect(inserted?.dynamodb?.NewImage).toEqual({ pk: { S: "a" }, v: { N: "1" } });
  });

  it("resolves concurrent writes of one item last-writer-wins in every replica", async () => {
    const TableName = await globalTable();
    await east().send(new PutItemCommand({ TableName, Item: { pk: { S: "x" }, v: { S: "east" } } }));
    await ctx.clock.advance(1);
    await west().send(new PutItemCommand({ TableName, Item: { pk: { S: "x" }, v: { S: "west" } } }));
    // Each replica still has its own write: the other's has not arrived.
    expect((await get(east(), TableName, "x"))?.v).toEqual({ S: "east" });
    expect((await get(west(), TableName, "x"))?.v).toEqual({ S: "west" });
    await ctx.clock.advance(2000);
    expect((await get(east(), TableName, "x"))?.v).toEqual({ S: "west" });
    expect((await get(west(), TableName, "x"))?.v).toEqual({ S: "west" });
  });

  it("deletes a replica, which deletes its table", async () => {
    const TableName = await globalTable();
    const out = await east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }] }));
    expect(out.TableDescription?.Replicas).toBeUndefined();
    await expectAwsError(west().send(new DescribeTableCommand({ TableName })), { name: "ResourceNotFoundException" });
  });
});

describe("replica settings", () => {
  it("honours a replica's Update: its read capacity, index read capacity, table class and key, in both regions' descriptions", async () => {
    const TableName = uniqueName("settings");
    await east().send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "g", AttributeType: "S" }],
        GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }],
      }),
    );
    await east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Create: { RegionName: "eu-west-1", TableClassOverride: "STANDARD_INFREQUENT_ACCESS" } }] }));
    const out = await east().send(
      new UpdateTableCommand({
        TableName,
        ReplicaUpdates: [
          {
            Update: {
              RegionName: "eu-west-1",
              ProvisionedThroughputOverride: { ReadCapacityUnits: 20 },
              GlobalSecondaryIndexes: [{ IndexName: "byG", ProvisionedThroughputOverride: { ReadCapacityUnits: 30 } }],
              KMSMasterKeyId: "alias/replica-key",
            },
          },
        ],
      }),
    );
    const expected = {
      RegionName: "eu-west-1",
      ReplicaStatus: "ACTIVE",
      KMSMasterKeyId: "alias/replica-key",
      ProvisionedThroughputOverride: { ReadCapacityUnits: 20 },
      GlobalSecondaryIndexes: [{ IndexName: "byG", ProvisionedThroughputOverride: { ReadCapacityUnits: 30 } }],
      ReplicaTableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
    };
    expect(out.TableDescription?.Replicas).toEqual([expected]);
    expect((await east().send(new DescribeTableCommand({ TableName }))).Table?.Replicas).toEqual([expected]);
    const there = (await west().send(new DescribeTableCommand({ TableName }))).Table!;
    expect(there.ProvisionedThroughput?.ReadCapacityUnits).toBe(20);
    expect(there.ProvisionedThroughput?.WriteCapacityUnits).toBe(5);
    expect(there.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput?.ReadCapacityUnits).toBe(30);
    expect(there.TableClassSummary?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");
    expect(there.SSEDescription?.SSEType).toBe("KMS");
    expect(there.Replicas?.map((r) => r.RegionName)).toEqual(["us-east-1"]);
    // The table here keeps its own capacity.
    expect((await east().send(new DescribeTableCommand({ TableName }))).Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(5);
  });

  it("refuses an Update of a region with no replica, of the local region, and of an unknown index", async () => {
    const TableName = await globalTable();
    await expectAwsError(east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Update: { RegionName: "ap-south-1", TableClassOverride: "STANDARD" } }] })), {
      name: "ValidationException",
      message: "Replica specified in the Replica Update or Replica Delete action of the request was not found: ap-south-1",
    });
    await expectAwsError(east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Update: { RegionName: "us-east-1", TableClassOverride: "STANDARD" } }] })), {
      name: "ValidationException",
      message: "Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.",
    });
    await expectAwsError(east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Update: { RegionName: "eu-west-1", GlobalSecondaryIndexes: [{ IndexName: "nope" }] } }] })), {
      name: "ValidationException",
    });
  });
});

describe("errors", () => {
  it("refuses a replica in the table's own region and a second replica in one region", async () => {
    const TableName = await globalTable();
    await expectAwsError(east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Create: { RegionName: "us-east-1" } }] })), { name: "ValidationException" });
    await expectAwsError(east().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }] })), { name: "ValidationException" });
  });
});
