import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactGetItemsCommand, TransactWriteItemsCommand, type TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
beforeAll(async () => {
  table = await createTable(ctx);
});

describe("validation", () => {
  it("rejects two actions on one item", async () => {
    await expectAwsError(
      ddb().send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "same" } } } }, { Delete: { TableName: table, Key: { pk: { S: "same" } } } }] })),
      { name: "ValidationException", status: 400, message: "Transaction request cannot include multiple operations on one item" },
    );
  });

  it("rejects more than 100 actions", async () => {
    const TransactItems = Array.from({ length: 101 }, (_, i): TransactWriteItem => ({ Put: { TableName: table, Item: { pk: { S: `t${i}` } } } }));
    await expectAwsError(ddb().send(new TransactWriteItemsCommand({ TransactItems })), {
      name: "ValidationException",
      message: /^1 validation error detected: Value '\[TransactWriteItem\(conditionCheck=null, put=Put\(item=\{pk=AttributeValue\(s=t0, .*\)\}, tableName=tbl-.*\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    });
  });
});

describe("errors", () => {
  it("cancels with one reason per action in request order, and the item when asked", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "exists" }, v: { N: "1" } } }));
    const err = await expectAwsError<Error & { CancellationReasons?: unknown[] }>(
      ddb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: "fresh" } } } },
            { ConditionCheck: { TableName: table, Key: { pk: { S: "exists" } }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
          ],
        }),
      ),
      {
        name: "TransactionCanceledException",
        status: 400,
        message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
      },
    );
    expect(err.CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "exists" }, v: { N: "1" } } },
    ]);
    const fresh = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "fresh" } } }));
    expect(fresh.Item).toBeUndefined();
  });

  it("cancels with ValidationError when an update cannot be applied", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "str" }, v: { S: "text" } } }));
    const err = await expectAwsError<Error & { CancellationReasons?: unknown[] }>(
      ddb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: "fresh2" } } } },
            { Update: { TableName: table, Key: { pk: { S: "str" } }, UpdateExpression: "SET v = v + :one", ExpressionAttributeValues: { ":one": { N: "1" } } } },
          ],
        }),
      ),
      { name: "TransactionCanceledException", message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]" },
    );
    expect(err.CancellationReasons).toEqual([{ Code: "None" }, { Code: "ValidationError", Message: "An operand in the update expression has an incorrect data type" }]);
  });

  it("answers IdempotentParameterMismatchException for a reused token with another body", async () => {
    const token = `tok-${Math.random()}`;
    await ddb().send(new TransactWriteItemsCommand({ ClientRequestToken: token, TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "idem" } } } }] }));
    await expectAwsError(ddb().send(new TransactWriteItemsCommand({ ClientRequestToken: token, TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "idem2" } } } }] })), {
      name: "IdempotentParameterMismatchException",
      status: 400,
    });
  });
});

describe("behaviour", () => {
  it("applies puts, updates, deletes and checks atomically, at double capacity", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "acct1" }, bal: { N: "100" } } }));
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "acct2" }, bal: { N: "0" } } }));
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "old" } } }));
    const res = await ddb().send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Update: { TableName: table, Key: { pk: { S: "acct1" } }, UpdateExpression: "SET bal = bal - :a", ConditionExpression: "bal >= :a", ExpressionAttributeValues: { ":a": { N: "30" } } } },
          { Update: { TableName: table, Key: { pk: { S: "acct2" } }, UpdateExpression: "SET bal = bal + :a", ExpressionAttributeValues: { ":a": { N: "30" } } } },
          { Delete: { TableName: table, Key: { pk: { S: "old" } } } },
        ],
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(res.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 6, WriteCapacityUnits: 6 }]);
    const got = await ddb().send(
      new TransactGetItemsCommand({
        TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "acct1" } } } }, { Get: { TableName: table, Key: { pk: { S: "acct2" } }, ProjectionExpression: "bal" } }, { Get: { TableName: table, Key: { pk: { S: "old" } } } }],
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(got.Responses).toEqual([{ Item: { pk: { S: "acct1" }, bal: { N: "70" } } }, { Item: { bal: { N: "30" } } }, {}]);
    expect(got.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 6, ReadCapacityUnits: 6 }]);
  });

  it("answers a repeated token with the same body without applying it twice", async () => {
    const token = `tok-${Math.random()}`;
    const send = () =>
      ddb().send(new TransactWriteItemsCommand({ ClientRequestToken: token, TransactItems: [{ Update: { TableName: table, Key: { pk: { S: "ctr" } }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": { N: "1" } } } }] }));
    await send();
    await send();
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "ctr" } } }));
    expect(got.Item?.n).toEqual({ N: "1" });
    await ctx.clock.advance(11 * 60 * 1000);
    await send();
    const after = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "ctr" } } }));
    expect(after.Item?.n).toEqual({ N: "2" });
  });
});
