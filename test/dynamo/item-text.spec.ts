/** PutItem stores the item's JSON as sent when it is canonical: the scanner, and the round trip. */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalMemberText } from "../../src/dynamo/item-text.js";
import { expectAwsError, rawRequest, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

describe("canonicalMemberText", () => {
  it("finds a compact top-level member whatever its position", () => {
    const item = { pk: { S: "k" }, m: { M: { a: { L: [{ N: "1" }, { BOOL: false }, { NULL: true }] } } }, s: { SS: ["x", "y"] } };
    const itemText = JSON.stringify(item);
    expect(canonicalMemberText(JSON.stringify({ TableName: "t", Item: item }), "Item")).toBe(itemText);
    expect(canonicalMemberText(JSON.stringify({ Item: item, TableName: "t", ReturnValues: "ALL_OLD" }), "Item")).toBe(itemText);
    expect(canonicalMemberText(JSON.stringify({ ConditionExpression: "x", Items: {}, Item: item }), "Item")).toBe(itemText);
  });

  it("declines text that JSON.stringify would write differently", () => {
    const item = { pk: { S: "k" } };
    expect(canonicalMemberText(`{"TableName": "t", "Item": {"pk": {"S": "k"}}}`, "Item")).toBeUndefined();
    expect(canonicalMemberText(`{"TableName":"t","Item":{"pk":{"S":"k"}, "a":{"S":"b"}}}`, "Item")).toBeUndefined();
    expect(canonicalMemberText(JSON.stringify({ TableName: "t", Item: { pk: { S: 'say "hi"' } } }), "Item")).toBeUndefined();
    expect(canonicalMemberText(JSON.stringify({ TableName: "a\\b", Item: item }), "Item")).toBeUndefined();
    // JavaScript orders array-index keys first: {"b":..,"1":..} would not survive JSON.parse/stringify.
    expect(canonicalMemberText(`{"Item":{"b":{"S":"x"},"1":{"S":"y"}}}`, "Item")).toBeUndefined();
    expect(canonicalMemberText(`{"Item":{"pk":{"N":1}}}`, "Item")).toBeUndefined();
    expect(canonicalMemberText(JSON.stringify({ TableName: "t" }), "Item")).toBeUndefined();
    expect(canonicalMemberText(`{"Item":{"pk":{"S":"k"}`, "Item")).toBeUndefined();
    expect(canonicalMemberText(`[]`, "Item")).toBeUndefined();
  });
});

describe("behaviour", () => {
  const ctx = useServer();
  const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
  let table: string;
  beforeAll(async () => {
    table = await createTable(ctx);
  });
  const put = (body: string): Promise<number> =>
    rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" }, body }).then((r) => r.status);
  const get = async (pk: string): Promise<unknown> => (await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }))).Item;

  it("returns an item as stored whether it was sent compact, spaced, escaped or with numbers to canonicalise", async () => {
    expect(await put(`{"TableName":"${table}","Item":{"pk":{"S":"compact"},"n":{"N":"1.50"},"ns":{"NS":["2.0","3"]},"m":{"M":{"x":{"S":"y"}}}}}`)).toBe(200);
    expect(await get("compact")).toEqual({ pk: { S: "compact" }, n: { N: "1.5" }, ns: { NS: ["2", "3"] }, m: { M: { x: { S: "y" } } } });
    expect(await put(`{ "TableName" : "${table}" , "Item" : { "pk" : { "S" : "spaced" } , "q" : { "S" : "a \\"quoted\\" \\u00e9" } } }`)).toBe(200);
    expect(await get("spaced")).toEqual({ pk: { S: "spaced" }, q: { S: 'a "quoted" é' } });
    expect(await put(`{"TableName":"${table}","Item":{"pk":{"S":"ordered"},"b":{"S":"x"},"1":{"S":"y"}}}`)).toBe(200);
    expect(await get("ordered")).toEqual({ pk: { S: "ordered" }, b: { S: "x" }, 1: { S: "y" } });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "sdk" }, l: { L: [{ BOOL: true }, { NULL: true }, { B: new Uint8Array([1, 2]) }] } } }));
    expect(await get("sdk")).toEqual({ pk: { S: "sdk" }, l: { L: [{ BOOL: true }, { NULL: true }, { B: new Uint8Array([1, 2]) }] } });
  });

  it("accepts maps and lists nested 32 levels deep and refuses 33 with DynamoDB's message", async () => {
    const nest = (levels: number): Record<string, unknown> => {
      let v: Record<string, unknown> = { S: "leaf" };
      for (let i = 1; i < levels; i++) v = i % 2 ? { M: { a: v } } : { L: [v] };
      return v;
    };
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "deep" }, d: nest(32) as never } }));
    expect(await get("deep")).toEqual({ pk: { S: "deep" }, d: nest(32) });
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "deeper" }, d: nest(33) as never } })), {
      name: "ValidationException",
      status: 400,
      message: "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
    });
  });
});
