import { BatchWriteItemCommand, DynamoDBClient, PutItemCommand, QueryCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let numeric: string;
let strings: string;
let binary: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

async function putAll(table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

beforeAll(async () => {
  numeric = await createTable(ctx, { sk: "N" });
  strings = await createTable(ctx, { sk: "S" });
  binary = await createTable(ctx, { sk: "B" });
  const nums = ["-1E+100", "-10", "-2.5", "-2", "-0.001", "0", "0.001", "1", "1.5", "2", "10", "100", "1E+125", "9.99e-130"];
  await putAll(numeric, nums.map((n, i) => ({ pk: { S: "p" }, sk: { N: n }, i: { N: String(i) }, odd: { BOOL: i % 2 === 1 } })));
  const strs = ["a", "B", "aa", "ab", "b", "é", "z", "\u{1F600}", "\uFFFD", "a\u0000"];
  await putAll(strings, strs.map((s) => ({ pk: { S: "p" }, sk: { S: s } })));
  await putAll(binary, [[0x02], [0x01, 0xff], [0x01], [0xff], [0x01, 0x00]].map((b) => ({ pk: { S: "p" }, sk: { B: new Uint8Array(b) } })));
});

const q = (TableName: string, extra: Record<string, unknown> = {}) =>
  ddb().send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "p" } }, ...extra }));

describe("validation", () => {
  it("requires a key condition", async () => {
    await expectAwsError(ddb().send(new QueryCommand({ TableName: numeric })), {
      name: "ValidationException",
      message: "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    });
  });

  it("requires the partition key in the key condition", async () => {
    await expectAwsError(ddb().send(new QueryCommand({ TableName: numeric, KeyConditionExpression: "sk = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      name: "ValidationException",
      message: "Query condition missed key schema element: pk",
    });
  });

  it("rejects OR in a key condition", async () => {
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: numeric, KeyConditionExpression: "pk = :p OR sk = :v", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { N: "1" } } })),
      { name: "ValidationException", message: "Invalid operator used in KeyConditionExpression: OR" },
    );
  });

  it("rejects a key condition value of the wrong type", async () => {
    await expectAwsError(q(numeric, { KeyConditionExpression: "pk = :p AND sk > :v", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { S: "1" } } }), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Condition parameter type does not match schema type",
    });
  });

  it("rejects key attributes in a Query filter", async () => {
    await expectAwsError(q(numeric, { FilterExpression: "sk > :v", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { N: "1" } } }), {
      name: "ValidationException",
      message: "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    });
  });

  it("rejects Limit 0", async () => {
    await expectAwsError(q(numeric, { Limit: 0 }), {
      name: "ValidationException",
      message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });

  it("checks Select against the projection and the index", async () => {
    await expectAwsError(q(numeric, { Select: "ALL_PROJECTED_ATTRIBUTES" }), {
      name: "ValidationException",
      message: "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    });
    await expectAwsError(q(numeric, { Select: "ALL_ATTRIBUTES", ProjectionExpression: "i" }), {
      name: "ValidationException",
      message: "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
    });
    const specific = await q(numeric, { Select: "SPECIFIC_ATTRIBUTES", ProjectionExpression: "i", Limit: 1 });
    expect(specific.Items).toEqual([{ i: { N: "0" } }]);
  });

  it("rejects an unknown index", async () => {
    await expectAwsError(q(numeric, { IndexName: "nope" }), { name: "ValidationException", message: "The table does not have the specified index: nope" });
  });
});

describe("behaviour", () => {
  it("orders numbers numerically, both ways", async () => {
    const fwd = await q(numeric);
    const expected = ["-1" + "0".repeat(100), "-10", "-2.5", "-2", "-0.001", "0", "0." + "0".repeat(129) + "999", "0.001", "1", "1.5", "2", "10", "100", "1" + "0".repeat(125)];
    expect(fwd.Items!.map((i) => i.sk!.N)).toEqual(expected);
    const back = await q(numeric, { ScanIndexForward: false });
    expect(back.Items!.map((i) => i.sk!.N)).toEqual([...expected].reverse());
  });

  it("orders strings by UTF-8 bytes", async () => {
    const res = await q(strings);
    const expected = ["a", "B", "aa", "ab", "b", "é", "z", "\u{1F600}", "\uFFFD", "a\u0000"].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(res.Items!.map((i) => i.sk!.S)).toEqual(expected);
  });

  it("orders binaries by unsigned bytes", async () => {
    const res = await q(binary);
    expect(res.Items!.map((i) => [...i.sk!.B!])).toEqual([[0x01], [0x01, 0x00], [0x01, 0xff], [0x02], [0xff]]);
  });

  it("supports every sort key condition", async () => {
    const sks = async (cond: string, values: Record<string, AttributeValue>) =>
      (await q(numeric, { KeyConditionExpression: `pk = :p AND ${cond}`, ExpressionAttributeValues: { ":p": { S: "p" }, ...values } })).Items!.map((i) => i.sk!.N);
    expect(await sks("sk BETWEEN :a AND :b", { ":a": { N: "-2" }, ":b": { N: "1" } })).toEqual(["-2", "-0.001", "0", expect.any(String), "0.001", "1"]);
    expect(await sks("sk < :a", { ":a": { N: "-2" } })).toEqual(["-1" + "0".repeat(100), "-10", "-2.5"]);
    expect(await sks("sk >= :a", { ":a": { N: "10" } })).toEqual(["10", "100", "1" + "0".repeat(125)]);
    expect(await sks("sk = :a", { ":a": { N: "1.50" } })).toEqual(["1.5"]);
    const begins = await ddb().send(new QueryCommand({ TableName: strings, KeyConditionExpression: "pk = :p AND begins_with(sk, :a)", ExpressionAttributeValues: { ":p": { S: "p" }, ":a": { S: "a" } } }));
    expect(begins.Items!.map((i) => i.sk!.S)).toEqual(["a", "a\u0000", "aa", "ab"]);
  });

  it("counts Limit before the filter and pages with LastEvaluatedKey", async () => {
    const first = await q(numeric, { Limit: 4, FilterExpression: "odd = :t", ExpressionAttributeValues: { ":p": { S: "p" }, ":t": { BOOL: true } } });
    expect(first.ScannedCount).toBe(4);
    expect(first.Count).toBe(2);
    expect(first.LastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "-2" } });
    const second = await q(numeric, { Limit: 4, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(second.Items![0]!.sk).toEqual({ N: "-0.001" });
  });

  it("pages through everything with the paginator", async () => {
    const doc = DynamoDBDocumentClient.from(ddb());
    const seen: unknown[] = [];
    for await (const page of paginateQuery({ client: doc, pageSize: 3 }, { TableName: numeric, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "p" } })) {
      seen.push(...(page.Items ?? []));
    }
    expect(seen).toHaveLength(14);
  });

  it("answers Select COUNT without items", async () => {
    const res = await q(numeric, { Select: "COUNT" });
    expect(res.Items).toBeUndefined();
    expect(res.Count).toBe(14);
  });

  it("stops a page at 1 MB before the filter, with LastEvaluatedKey", async () => {
    const table = await createTable(ctx, { sk: "N" });
    const big = "x".repeat(100 * 1024);
    for (let i = 0; i < 12; i++) await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { N: String(i) }, v: { S: big } } }));
    const res = await q(table, { FilterExpression: "attribute_not_exists(v)" });
    expect(res.Count).toBe(0);
    expect(res.ScannedCount).toBe(10);
    expect(res.LastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "9" } });
    const rest = await q(table, { ExclusiveStartKey: res.LastEvaluatedKey, ReturnConsumedCapacity: "TOTAL" });
    expect(rest.Count).toBe(2);
    expect(rest.LastEvaluatedKey).toBeUndefined();
    expect(rest.ConsumedCapacity?.CapacityUnits).toBe(Math.ceil((2 * (100 * 1024 + 1 + 2 + 2 + 2)) / 4096) / 2);
  });
});
