/** Expression errors as the SDK sees them, end to end. */
import { DynamoDBClient, PutItemCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
beforeAll(async () => {
  table = await createTable(ctx);
  await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, n: { N: "1" }, s: { S: "text" } } }));
});

describe("validation", () => {
  it("answers syntax errors with DynamoDB's message", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, FilterExpression: "n = = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      name: "ValidationException",
      status: 400,
      message: 'Invalid FilterExpression: Syntax error; token: "=", near: "= = :v"',
    });
  });

  it("rejects reserved words and undefined placeholders", async () => {
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, UpdateExpression: "SET data = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      name: "ValidationException",
      message: "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: data",
    });
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, UpdateExpression: "SET #d = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      name: "ValidationException",
      message: "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #d",
    });
  });

  it("rejects unused expression attribute values", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, ExpressionAttributeValues: { ":v": { N: "1" } }, FilterExpression: "attribute_exists(n)" })), {
      name: "ValidationException",
      message: "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}",
    });
  });

  it("rejects arithmetic on a string", async () => {
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, UpdateExpression: "SET s = s + :v", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      name: "ValidationException",
      message: "An operand in the update expression has an incorrect data type",
    });
  });
});

describe("behaviour", () => {
  it("filters with functions, nested paths and names", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "b" }, doc: { M: { list: { L: [{ S: "x" }, { S: "hello" }] } } } } }));
    const res = await ddb().send(
      new ScanCommand({ TableName: table, FilterExpression: "begins_with(#d.#l[1], :h) AND size(#d.#l) = :two", ExpressionAttributeNames: { "#d": "doc", "#l": "list" }, ExpressionAttributeValues: { ":h": { S: "he" }, ":two": { N: "2" } } }),
    );
    expect(res.Items!.map((i) => i.pk!.S)).toEqual(["b"]);
  });
});
