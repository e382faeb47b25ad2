import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
beforeAll(async () => {
  table = await createTable(ctx, { sk: "N" });
  for (let i = 0; i < 5; i++) await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { N: String(i) }, v: { N: String(i * 10) }, tag: { S: i % 2 ? "odd" : "even" } } }));
});

describe("validation", () => {
  it("rejects mixing legacy parameters with expressions", async () => {
    await expectAwsError(
      ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "m" }, sk: { N: "1" } }, Expected: { pk: { Exists: false } }, ConditionExpression: "attribute_not_exists(pk)" })),
      {
        name: "ValidationException",
        status: 400,
        message: "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
      },
    );
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "p" } }, AttributesToGet: ["v"] })),
      {
        name: "ValidationException",
        message: "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {KeyConditionExpression}",
      },
    );
  });

  it("rejects a comparison with the wrong number of values", async () => {
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: table, KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [] } } })),
      { name: "ValidationException", message: "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator" },
    );
  });
});

describe("errors", () => {
  it("fails an Expected condition with ConditionalCheckFailedException", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p" }, sk: { N: "1" } }, Expected: { pk: { Exists: false } } })), {
      name: "ConditionalCheckFailedException",
      message: "The conditional request failed",
    });
  });
});

describe("behaviour", () => {
  it("queries with KeyConditions, QueryFilter, ConditionalOperator and AttributesToGet", async () => {
    const res = await ddb().send(
      new QueryCommand({
        TableName: table,
        KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "p" }] }, sk: { ComparisonOperator: "GE", AttributeValueList: [{ N: "1" }] } },
        QueryFilter: { tag: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "odd" }] }, v: { ComparisonOperator: "GT", AttributeValueList: [{ N: "35" }] } },
        ConditionalOperator: "OR",
        AttributesToGet: ["sk"],
      }),
    );
    expect(res.Items).toEqual([{ sk: { N: "1" } }, { sk: { N: "3" } }, { sk: { N: "4" } }]);
    expect(res.ScannedCount).toBe(4);
  });

  it("updates with AttributeUpdates and Expected values", async () => {
    await ddb().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: "p" }, sk: { N: "2" } },
        AttributeUpdates: { v: { Action: "ADD", Value: { N: "5" } }, tag: { Action: "DELETE" }, extra: { Action: "PUT", Value: { SS: ["a"] } } },
        Expected: { v: { Value: { N: "20" } }, tag: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ S: "ev" }] } },
      }),
    );
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "p" }, sk: { N: "2" } }, AttributesToGet: ["v", "tag", "extra"] }));
    expect(got.Item).toEqual({ v: { N: "25" }, extra: { SS: ["a"] } });
  });
});
