import { BatchWriteItemCommand, DeleteItemCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

beforeAll(async () => {
  table = await createTable(ctx, { sk: "N" });
  for (let b = 0; b < 4; b++) {
    await ddb().send(
      new BatchWriteItemCommand({ RequestItems: { [table]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `p${(b * 25 + i) % 37}` }, sk: { N: String(b * 25 + i) }, n: { N: String(b * 25 + i) } } } })) } }),
    );
  }
});

async function scanAll(extra: Record<string, unknown> = {}): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ddb().send(new ScanCommand({ TableName: table, ExclusiveStartKey: start as never, ...extra }));
    out.push(...(res.Items ?? []).map((i) => i.sk!.N!));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

describe("validation", () => {
  it("requires TotalSegments with Segment", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, Segment: 0 })), {
      name: "ValidationException",
      status: 400,
      message: "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    });
  });

  it("requires Segment below TotalSegments", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, Segment: 2, TotalSegments: 2 })), {
      name: "ValidationException",
      message: "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2",
    });
  });

  it("rejects a ProjectionExpression with Select COUNT", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, Select: "COUNT", ProjectionExpression: "n" })), {
      name: "ValidationException",
      message: "Cannot specify the ProjectionExpression when choosing to get COUNT",
    });
  });

  it("rejects an ExclusiveStartKey that does not match the schema", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, ExclusiveStartKey: { pk: { S: "x" } } })), {
      name: "ValidationException",
      message: "The provided starting key is invalid: The provided key element does not match the schema",
    });
  });
});

describe("behaviour", () => {
  it("pages through every item exactly once", async () => {
    const all = await scanAll({ Limit: 7 });
    expect(all).toHaveLength(100);
    expect(new Set(all).size).toBe(100);
  });

  it("partitions the table across parallel segments, also after deletes", async () => {
    const seen: string[] = [];
    for (let s = 0; s < 4; s++) seen.push(...(await scanAll({ Segment: s, TotalSegments: 4, Limit: 10 })));
    expect(seen.sort()).toEqual((await scanAll()).sort());
    await ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "p1" }, sk: { N: "1" } } }));
    const after: string[] = [];
    for (let s = 0; s < 4; s++) after.push(...(await scanAll({ Segment: s, TotalSegments: 4 })));
    expect(after).toHaveLength(99);
  });

  it("filters on any attribute, keys included, after counting", async () => {
    const res = await ddb().send(new ScanCommand({ TableName: table, FilterExpression: "sk < :v AND n >= :w", ExpressionAttributeValues: { ":v": { N: "10" }, ":w": { N: "5" } } }));
    expect(res.ScannedCount).toBe(99);
    expect(res.Items!.map((i) => i.n!.N).sort()).toEqual(["5", "6", "7", "8", "9"]);
  });

  it("reads past its internal fetch chunks in one page", async () => {
    const big = await createTable(ctx, { sk: "N" });
    for (let b = 0; b < 44; b++) {
      await ddb().send(new BatchWriteItemCommand({ RequestItems: { [big]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: "p" }, sk: { N: String(b * 25 + i) } } } })) } }));
    }
    const res = await ddb().send(new ScanCommand({ TableName: big, Select: "COUNT" }));
    expect(res).toMatchObject({ Count: 1100, ScannedCount: 1100 });
    expect(res.LastEvaluatedKey).toBeUndefined();
  });

  it("supports legacy ScanFilter and AttributesToGet", async () => {
    const res = await ddb().send(new ScanCommand({ TableName: table, ScanFilter: { n: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ N: "10" }, { N: "12" }] } }, AttributesToGet: ["n"] }));
    expect(res.Items!.map((i) => i.n!.N).sort()).toEqual(["10", "11", "12"]);
    expect(Object.keys(res.Items![0]!)).toEqual(["n"]);
  });
});
