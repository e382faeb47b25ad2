import { DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand, UpdateTableCommand, DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

beforeAll(async () => {
  table = await createTable(ctx, {
    sk: "S",
    defs: [
      { AttributeName: "g", AttributeType: "S" },
      { AttributeName: "gs", AttributeType: "N" },
      { AttributeName: "ls", AttributeType: "N" },
    ],
    extra: {
      GlobalSecondaryIndexes: [
        { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }, { AttributeName: "gs", KeyType: "RANGE" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["inc"] } },
        { IndexName: "allG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
      ],
      LocalSecondaryIndexes: [{ IndexName: "byLs", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "ls", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
    },
  });
  for (let i = 0; i < 6; i++) {
    await ddb().send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { S: `s${i}` }, g: { S: i < 4 ? "red" : "blue" }, gs: { N: String(i % 2) }, ls: { N: String(10 - i) }, inc: { S: `inc${i}` }, other: { S: "o" } } }),
    );
  }
  await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { S: "sparse" } } }));
});

describe("validation", () => {
  it("rejects ConsistentRead on a global secondary index", async () => {
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: table, IndexName: "byG", ConsistentRead: true, KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "red" } } })),
      { name: "ValidationException", status: 400, message: "Consistent reads are not supported on global secondary indexes" },
    );
  });

  it("checks index key types on every write", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "x" }, sk: { S: "y" }, g: { N: "1" } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG",
    });
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "x" }, sk: { S: "y" }, g: { S: "" } } })), {
      name: "ValidationException",
      message: "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: g",
    });
  });

  it("rejects ALL_ATTRIBUTES on a GSI that does not project everything", async () => {
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: table, IndexName: "byG", Select: "ALL_ATTRIBUTES", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "red" } } })),
      { name: "ValidationException", message: "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byG because its projection type is not ALL" },
    );
  });
});

describe("behaviour", () => {
  it("queries a GSI in index key order with the projected attributes", async () => {
    const res = await ddb().send(new QueryCommand({ TableName: table, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "red" } } }));
    expect(res.Items!.map((i) => [i.gs!.N, i.sk!.S])).toEqual([["0", "s0"], ["0", "s2"], ["1", "s1"], ["1", "s3"]]);
    expect(Object.keys(res.Items![0]!).sort()).toEqual(["g", "gs", "inc", "pk", "sk"]);
  });

  it("pages an index with tied index keys without dropping items", async () => {
    const seen: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await ddb().send(new QueryCommand({ TableName: table, IndexName: "byG", Limit: 1, KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "red" } }, ExclusiveStartKey: start as never }));
      seen.push(...res.Items!.map((i) => i.sk!.S!));
      start = res.LastEvaluatedKey;
      if (start) expect(Object.keys(start).sort()).toEqual(["g", "gs", "pk", "sk"]);
    } while (start);
    expect(seen).toEqual(["s0", "s2", "s1", "s3"]);
  });

  it("queries an LSI, fetching all attributes from the table when asked", async () => {
    const keysOnly = await ddb().send(new QueryCommand({ TableName: table, IndexName: "byLs", KeyConditionExpression: "pk = :p AND ls < :v", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { N: "7" } } }));
    expect(keysOnly.Items).toEqual([
      { pk: { S: "p" }, sk: { S: "s5" }, ls: { N: "5" } },
      { pk: { S: "p" }, sk: { S: "s4" }, ls: { N: "6" } },
    ]);
    const all = await ddb().send(new QueryCommand({ TableName: table, IndexName: "byLs", Select: "ALL_ATTRIBUTES", KeyConditionExpression: "pk = :p AND ls < :v", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { N: "6" } } }));
    expect(all.Items![0]!.other).toEqual({ S: "o" });
  });

  it("keeps items without index keys out of the index (sparse) and follows updates and deletes", async () => {
    const count = async () => (await ddb().send(new ScanCommand({ TableName: table, IndexName: "allG", Select: "COUNT" }))).Count;
    expect(await count()).toBe(6);
    await ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "p" }, sk: { S: "sparse" } }, UpdateExpression: "SET g = :g", ExpressionAttributeValues: { ":g": { S: "green" } } }));
    expect(await count()).toBe(7);
    await ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "p" }, sk: { S: "sparse" } }, UpdateExpression: "REMOVE g" }));
    expect(await count()).toBe(6);
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "q" }, sk: { S: "1" }, g: { S: "tmp" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "q" }, sk: { S: "1" } } }));
    expect(await count()).toBe(6);
  });

  it("counts index writes in ConsumedCapacity INDEXES", async () => {
    const res = await ddb().send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: "cap" }, sk: { S: "1" }, g: { S: "c" }, gs: { N: "1" }, ls: { N: "1" } }, ReturnConsumedCapacity: "INDEXES", ReturnItemCollectionMetrics: "SIZE" }),
    );
    expect(res.ConsumedCapacity).toEqual({
      TableName: table,
      CapacityUnits: 4,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 1 }, allG: { CapacityUnits: 1 } },
      LocalSecondaryIndexes: { byLs: { CapacityUnits: 1 } },
    });
    expect(res.ItemCollectionMetrics).toEqual({ ItemCollectionKey: { pk: { S: "cap" } }, SizeEstimateRangeGB: [0, 1] });
  });

  it("adds a GSI with UpdateTable, backfilling existing items, and deletes it", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, color: { S: "red" } } }));
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "b" }, color: { S: "red" } } }));
    const res = await ddb().send(
      new UpdateTableCommand({
        TableName: t,
        AttributeDefinitions: [{ AttributeName: "color", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byColor", KeySchema: [{ AttributeName: "color", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
      }),
    );
    expect(res.TableDescription?.TableStatus).toBe("UPDATING");
    expect(res.TableDescription?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byColor", IndexStatus: "CREATING", Backfilling: true });
    const { Table } = await ddb().send(new DescribeTableCommand({ TableName: t }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byColor", IndexStatus: "ACTIVE", ItemCount: 2 });
    const q = await ddb().send(new QueryCommand({ TableName: t, IndexName: "byColor", KeyConditionExpression: "color = :c", ExpressionAttributeValues: { ":c": { S: "red" } } }));
    expect(q.Count).toBe(2);
    await ddb().send(new UpdateTableCommand({ TableName: t, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byColor" } }] }));
    const after = await ddb().send(new DescribeTableCommand({ TableName: t }));
    expect(after.Table?.GlobalSecondaryIndexes).toBeUndefined();
    expect(after.Table?.AttributeDefinitions).toEqual([{ AttributeName: "pk", AttributeType: "S" }]);
    await expectAwsError(ddb().send(new QueryCommand({ TableName: t, IndexName: "byColor", KeyConditionExpression: "color = :c", ExpressionAttributeValues: { ":c": { S: "red" } } })), {
      name: "ValidationException",
      message: "The table does not have the specified index: byColor",
    });
  });
});
