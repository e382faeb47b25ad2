import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
let other: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
beforeAll(async () => {
  table = await createTable(ctx);
  other = await createTable(ctx, { sk: "N" });
});

describe("validation", () => {
  it("rejects more than 25 write requests for one table with the model's constraint", async () => {
    const reqs = Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${i}` } } } }));
    const err = await expectAwsError(ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: reqs } })), { name: "ValidationException", status: 400 });
    expect(err.message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '\\{${table}=\\[WriteRequest\\(putRequest=PutRequest\\(item=\\{pk=AttributeValue\\(s=k0, n=null, .*\\)\\}\\), deleteRequest=null\\), .*\\]\\}' at 'requestItems' ` +
          "failed to satisfy constraint: Map value must satisfy constraint: \\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$",
      ),
    );
  });

  it("rejects more than 25 write requests across tables", async () => {
    const reqs = (n: number, p: string): { PutRequest: { Item: Record<string, { S: string } | { N: string }> } }[] =>
      Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: { S: `${p}${i}` }, sk: { N: "1" } } } }));
    await expectAwsError(ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: reqs(13, "a"), [other]: reqs(13, "b") } })), {
      name: "ValidationException",
      status: 400,
      message: "Too many items requested for the BatchWriteItem call",
    });
  });

  it("rejects duplicate keys in one batch", async () => {
    await expectAwsError(
      ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: { S: "d" } } } }, { DeleteRequest: { Key: { pk: { S: "d" } } } }] } })),
      { name: "ValidationException", message: "Provided list of item keys contains duplicates" },
    );
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ pk: { S: "d" } }, { pk: { S: "d" } }] } } })), {
      name: "ValidationException",
      message: "Provided list of item keys contains duplicates",
    });
  });

  it("rejects more than 100 keys to get", async () => {
    const keys = (n: number): Record<string, { S: string } | { N: string }>[] => Array.from({ length: n }, (_, i) => ({ pk: { S: `k${i}` }, sk: { N: "1" } }));
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys(60) }, [other]: { Keys: keys(41) } } })), {
      name: "ValidationException",
      message: "Too many items requested for the BatchGetItem call",
    });
    // One table's list is checked by the model first, in the validation framework's words (BatchGetItem has moved to them).
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys(101) } } })), {
      name: "ValidationException",
      message: `1 validation error detected: Value at 'RequestItems.${table}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
    });
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [] } } })), {
      message: `1 validation error detected: Value at 'RequestItems.${table}.member.Keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    });
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: {} })), {
      message: "1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });
});

describe("errors", () => {
  it("fails the whole batch when a table is missing, writing nothing", async () => {
    await expectAwsError(
      ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: { S: "nowrite" } } } }], "missing-table": [{ PutRequest: { Item: { pk: { S: "x" } } } }] } })),
      { name: "ResourceNotFoundException", message: "Requested resource not found" },
    );
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "nowrite" } } }));
    expect(got.Item).toBeUndefined();
  });
});

describe("behaviour", () => {
  it("writes and deletes across tables, then reads them back with capacity", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "del" } } }));
    const res = await ddb().send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [{ PutRequest: { Item: { pk: { S: "b1" }, v: { S: "x" } } } }, { DeleteRequest: { Key: { pk: { S: "del" } } } }],
          [other]: [{ PutRequest: { Item: { pk: { S: "b2" }, sk: { N: "1" } } } }],
        },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(res.UnprocessedItems).toEqual({});
    expect(res.ConsumedCapacity).toEqual(
      expect.arrayContaining([
        { TableName: table, CapacityUnits: 2, WriteCapacityUnits: 2 },
        { TableName: other, CapacityUnits: 1, WriteCapacityUnits: 1 },
      ]),
    );
    const got = await ddb().send(
      new BatchGetItemCommand({
        RequestItems: {
          [table]: { Keys: [{ pk: { S: "b1" } }, { pk: { S: "del" } }], ProjectionExpression: "v" },
          [other]: { Keys: [{ pk: { S: "b2" }, sk: { N: "1" } }], ConsistentRead: true },
        },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(got.Responses).toEqual({ [table]: [{ v: { S: "x" } }], [other]: [{ pk: { S: "b2" }, sk: { N: "1" } }] });
    expect(got.UnprocessedKeys).toEqual({});
    expect(got.ConsumedCapacity).toEqual(
      expect.arrayContaining([
        { TableName: table, CapacityUnits: 1, ReadCapacityUnits: 1 },
        { TableName: other, CapacityUnits: 1, ReadCapacityUnits: 1 },
      ]),
    );
  });

  it("returns keys past 16 MB of items as UnprocessedKeys", async () => {
    const big = await createTable(ctx);
    const v = "x".repeat(390 * 1024);
    for (let i = 0; i < 45; i++) await ddb().send(new PutItemCommand({ TableName: big, Item: { pk: { S: `k${i}` }, v: { S: v } } }));
    const Keys = Array.from({ length: 45 }, (_, i) => ({ pk: { S: `k${i}` } }));
    const res = await ddb().send(new BatchGetItemCommand({ RequestItems: { [big]: { Keys, ProjectionExpression: "pk" } } }));
    const got = res.Responses![big]!.length;
    const left = res.UnprocessedKeys![big]?.Keys ?? [];
    expect(got).toBeLessThan(45);
    expect(got + left.length).toBe(45);
    expect(res.UnprocessedKeys![big]?.ProjectionExpression).toBe("pk");
  });

  it("works through the DocumentClient", async () => {
    const doc = DynamoDBDocumentClient.from(ddb());
    const res = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: `doc${i}`, n: i } } })) } }));
    expect(res.UnprocessedItems).toEqual({});
  });
});
