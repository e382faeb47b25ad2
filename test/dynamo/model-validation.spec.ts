/** DynamoDB's inputs checked from AWS's model: wording, order, paths, and the overrides in validate-model.ts. */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
let table: string;
let ranged: string;
const missing = "missing-table-xyz";
beforeAll(async () => {
  table = await createTable(ctx);
  ranged = await createTable(ctx, { sk: "N" });
  await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, n: { N: "1" } } }));
});

async function raw(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await rawRequest(ctx.endpoint, {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(res.body.toString()) as Record<string, unknown> };
}

const VALIDATE = "com.amazon.coral.validate#ValidationException";
const SERIALIZATION = "com.amazon.coral.service#SerializationException";
const one = (m: string): string => `1 validation error detected: ${m}`;

describe("constraint messages", () => {
  it("missing, too short, too long and pattern, in DynamoDB's order", async () => {
    expect(await raw("PutItem", {})).toEqual({
      status: 400,
      json: {
        __type: VALIDATE,
        message:
          "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'item' failed to satisfy constraint: Member must not be null",
      },
    });
    const long = "x".repeat(256);
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: "a!", Key: { pk: { S: "a" } } })), {
      name: "ValidationException",
      message:
        "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    });
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: long, Key: { pk: { S: "a" } } })), {
      message: one(`Value '${long}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`),
    });
  });

  it("checks a table name against TableArn's length first, then as a table name", async () => {
    const emptyName = "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1";
    const noKey = "Value null at 'key' failed to satisfy constraint: Member must not be null";
    const update = { UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } } };
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: "", ...update } as never)), { message: `2 validation errors detected: ${emptyName}; ${noKey}` });
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: "", ...update, ReturnConsumedCapacity: "INVALID", ReturnValues: "INVALID" } as never)), {
      message:
        "4 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        `${emptyName}; ` +
        "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        noKey,
    });
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: "bad table!@#", Item: { pk: { S: "a" } } })), {
      message: one("Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    });
  });

  it("out of range numbers and enums, several errors in one request in AWS's member order", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, Limit: 0, Segment: -1, TotalSegments: 2, Select: "BOGUS" as never })), {
      name: "ValidationException",
      message:
        "3 validation errors detected: Value 'BOGUS' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
        "Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    // ReturnValues printed in DynamoDB's own order (an override: the model lists them otherwise).
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" } }, ReturnValues: "BOGUS" as never })), {
      message: one("Value 'BOGUS' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"),
    });
  });

  it("reports nested members by AWS's camelCase paths", async () => {
    await expectAwsError(
      ddb().send(
        new CreateTableCommand({
          TableName: uniqueName("t"),
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "X" as never }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        }),
      ),
      {
        message:
          "3 validation errors detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]; " +
          "Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    );
    await expectAwsError(
      ddb().send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { TableName: table, Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :v", ReturnValuesOnConditionCheckFailure: "X" as never } }] })),
      { message: one("Value 'X' at 'transactItems.1.member.update.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]") },
    );
  });

  it("orders batch violations as DynamoDB does", async () => {
    const rcc = "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]";
    const keys = "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";
    await expectAwsError(ddb().send(new BatchWriteItemCommand({ RequestItems: { "bad!name": [{ PutRequest: { Item: { pk: { S: "a" } } } }] }, ReturnConsumedCapacity: "BOGUS" as never })), {
      message: one(rcc),
    });
    await expectAwsError(ddb().send(new BatchGetItemCommand({ RequestItems: { "bad!name": { Keys: [{ pk: { S: "a" } }] } }, ReturnConsumedCapacity: "BOGUS" as never })), {
      message: `2 validation errors detected: Value '{"bad!name":{"Keys":[{"pk":{"S":"a"}}]}}' at 'requestItems' failed to satisfy constraint: ${keys}; ${rcc}`,
    });
  });

  it("answers BatchWriteItem's lengths in the validation framework's words, its map values in coral's", async () => {
    await expectAwsError(ddb().send(new BatchWriteItemCommand({ RequestItems: {} })), {
      message: "1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    await expectAwsError(ddb().send(new BatchWriteItemCommand({ RequestItems: { [table]: [] } })), {
      message: one(`Value '{${table}=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`),
    });
  });

  it("reports a GSI's error before an LSI's (DynamoDB's member order)", async () => {
    const short = (name: string, member: string): string => `Value '${name}' at '${member}.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3`;
    await expectAwsError(
      ddb().send(
        new CreateTableCommand({
          TableName: uniqueName("t"),
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
          LocalSecondaryIndexes: [{ IndexName: "aa", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "lr", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
          GlobalSecondaryIndexes: [{ IndexName: "zz", KeySchema: [{ AttributeName: "gh", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        }),
      ),
      { message: `2 validation errors detected: ${short("zz", "globalSecondaryIndexes")}; ${short("aa", "localSecondaryIndexes")}` },
    );
  });

  it("checks KeySchema's length, which the model leaves open (override)", async () => {
    const KeySchema = [
      { AttributeName: "a", KeyType: "HASH" as const },
      { AttributeName: "b", KeyType: "RANGE" as const },
      { AttributeName: "c", KeyType: "RANGE" as const },
    ];
    const err = await expectAwsError(ddb().send(new CreateTableCommand({ TableName: uniqueName("t"), AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }], KeySchema, BillingMode: "PAY_PER_REQUEST" })), {
      name: "ValidationException",
    });
    expect(err.message).toMatch(/^1 validation error detected: Value '\[KeySchemaElement\(attributeName=a, keyType=HASH\), .*\]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/);
  });

  it("reports a too long ClientRequestToken before an unknown ReturnConsumedCapacity (TransactWriteItems' order)", async () => {
    const token = "x".repeat(37);
    await expectAwsError(
      ddb().send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "t" } } } }], ClientRequestToken: token, ReturnConsumedCapacity: "BOGUS" as never })),
      {
        message:
          `2 validation errors detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36; ` +
          "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
      },
    );
  });

  it("refuses an empty TTL attribute name", async () => {
    await expectAwsError(ddb().send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: "" } })), {
      name: "ValidationException",
      message: one("Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    });
  });
});

describe("order of checks", () => {
  it("validates before looking the table up", async () => {
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: missing, Key: { pk: { S: "a" } }, ReturnConsumedCapacity: "BOGUS" as never })), {
      name: "ValidationException",
      message: one("Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
    });
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: missing, Key: { pk: { S: "a" } } })), { name: "ResourceNotFoundException" });
  });

  it("answers SerializationException for a wrongly typed member, before anything else", async () => {
    expect(await raw("GetItem", { TableName: 5, Key: { pk: { S: "a" } } })).toEqual({ status: 400, json: { __type: SERIALIZATION, Message: "NUMBER_VALUE cannot be converted to String" } });
    expect(await raw("GetItem", { TableName: table, Key: { pk: { S: "a" } }, ConsistentRead: "23" })).toEqual({
      status: 400,
      json: { __type: SERIALIZATION, Message: "Unexpected token received from parser" },
    });
    expect(await raw("Query", { TableName: table, Limit: [1] })).toEqual({ status: 400, json: { __type: SERIALIZATION, Message: "Unrecognized collection type class java.lang.Integer" } });
    // Coral reads "true" and "1" as booleans.
    const got = await raw("GetItem", { TableName: table, Key: { pk: { S: "a" } }, ConsistentRead: "true" });
    expect(got).toEqual({ status: 200, json: { Item: { pk: { S: "a" }, n: { N: "1" } } } });
  });
});

describe("checks after the model's", () => {
  it("refuses Select=SPECIFIC_ATTRIBUTES without a projection", async () => {
    await expectAwsError(ddb().send(new ScanCommand({ TableName: table, Select: "SPECIFIC_ATTRIBUTES" })), {
      name: "ValidationException",
      message: "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
    });
    await expectAwsError(
      ddb().send(new QueryCommand({ TableName: table, Select: "SPECIFIC_ATTRIBUTES", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "a" } } })),
      { name: "ValidationException", message: one("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES") },
    );
  });

  it("words legacy KeyConditions errors as DynamoDB does", async () => {
    const q = (KeyConditions: NonNullable<QueryCommand["input"]["KeyConditions"]>): Promise<unknown> => ddb().send(new QueryCommand({ TableName: ranged, KeyConditions }));
    await expectAwsError(q({ pk: { ComparisonOperator: "NE", AttributeValueList: [{ S: "a" }] } }), { message: "Attempted conditional constraint is not an indexable operation" });
    await expectAwsError(q({ sk: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1" }] } }), { message: "Query condition missed key schema element: pk" });
    await expectAwsError(q({ pk: { ComparisonOperator: "GT", AttributeValueList: [{ S: "a" }] } }), { message: "Query key condition not supported" });
    await expectAwsError(q({ pk: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1" }] } }), { message: "One or more parameter values were invalid: Condition parameter type does not match schema type" });
    await expectAwsError(
      q({ pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] }, sk: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1" }] }, x: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1" }] } }),
      { message: "Conditions can be of length 1 or 2 only" },
    );
  });

  it("refuses the same key twice in TransactGetItems", async () => {
    const Get = { TableName: table, Key: { pk: { S: "a" } } };
    await expectAwsError(ddb().send(new TransactGetItemsCommand({ TransactItems: [{ Get }, { Get }] })), {
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
  });

  it("cancels a TransactGetItems whose key misses a key attribute", async () => {
    const err = await expectAwsError<TransactionCanceledException>(
      ddb().send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "a" } } } }, { Get: { TableName: table, Key: {} } }] })),
      { name: "TransactionCanceledException", message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]" },
    );
    expect(err.CancellationReasons).toEqual([{ Code: "None" }, { Code: "ValidationError", Message: "The provided key element does not match the schema" }]);
    // An empty key value is refused for the whole request.
    await expectAwsError(ddb().send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "" } } } }] })), {
      name: "ValidationException",
      message: "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    });
  });

  it("quotes a syntax error's token with its neighbours", async () => {
    await expectAwsError(ddb().send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "a" } }, ProjectionExpression: "!!!" } }] })), {
      message: 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
    });
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :v", ConditionExpression: "a = = b", ExpressionAttributeValues: { ":v": { N: "1" } } })), {
      message: 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"',
    });
  });
});
