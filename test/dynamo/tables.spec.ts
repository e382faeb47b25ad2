import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();

describe("validation", () => {
  it("rejects a missing table name and key schema together", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new CreateTableCommand({ AttributeDefinitions: [] } as never)), {
      name: "ValidationException",
      status: 400,
      message:
        "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    });
  });

  it("rejects a too short table name", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new DescribeTableCommand({ TableName: "ab" })), {
      name: "ValidationException",
      message: "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    });
  });

  it("rejects key attributes missing from AttributeDefinitions", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(
      ddb.send(
        new CreateTableCommand({
          TableName: uniqueName("t"),
          BillingMode: "PAY_PER_REQUEST",
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "other", AttributeType: "S" }],
        }),
      ),
      {
        name: "ValidationException",
        message: "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]",
      },
    );
  });

  it("requires throughput for provisioned tables", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(
      ddb.send(new CreateTableCommand({ TableName: uniqueName("t"), KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] })),
      { name: "ValidationException", message: "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED" },
    );
  });
});

describe("errors", () => {
  it("answers ResourceInUseException for an existing table", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = await createTable(ctx);
    await expectAwsError(
      ddb.send(new CreateTableCommand({ TableName: name, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] })),
      { name: "ResourceInUseException", status: 400, message: `Table already exists: ${name}` },
    );
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new DescribeTableCommand({ TableName: "nope-table" })), {
      name: "ResourceNotFoundException",
      status: 400,
      message: "Requested resource not found: Table: nope-table not found",
    });
    await expectAwsError(ddb.send(new DeleteTableCommand({ TableName: "nope-table" })), { name: "ResourceNotFoundException" });
  });
});

describe("behaviour", () => {
  it("answers CREATING, then describes the table ACTIVE with its full description", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const TableName = uniqueName("t");
    const created = await ddb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }, { AttributeName: "n", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }, { AttributeName: "n", AttributeType: "N" }, { AttributeName: "g", AttributeType: "S" }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
        GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        Tags: [{ Key: "a", Value: "b" }],
      }),
    );
    expect(created.TableDescription?.TableStatus).toBe("CREATING");
    expect(created.TableDescription?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}`);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
    expect(Table).toMatchObject({
      TableName,
      TableStatus: "ACTIVE",
      ItemCount: 0,
      TableSizeBytes: 0,
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3, NumberOfDecreasesToday: 0 },
      GlobalSecondaryIndexes: [{ IndexName: "byG", IndexStatus: "ACTIVE", Projection: { ProjectionType: "KEYS_ONLY" }, IndexArn: `${created.TableDescription!.TableArn}/index/byG` }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    expect(Table?.LatestStreamArn).toBe(`${Table?.TableArn}/stream/${Table?.LatestStreamLabel}`);
    expect(Table?.CreationDateTime).toBeInstanceOf(Date);
  });

  it("lets waitUntilTableExists return at once", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = await createTable(ctx);
    const result = await waitUntilTableExists({ client: ddb, maxWaitTime: 5, minDelay: 1 }, { TableName: name });
    expect(result.state).toBe("SUCCESS");
  });

  it("counts items and bytes in DescribeTable", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = await createTable(ctx);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, v: { S: "hello" } } }));
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.ItemCount).toBe(1);
    expect(Table?.TableSizeBytes).toBe(2 + 1 + 1 + 5);
  });

  it("pages ListTables with Limit and ExclusiveStartTableName", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const names = [await createTable(ctx), await createTable(ctx), await createTable(ctx)].sort();
    const all = await ddb.send(new ListTablesCommand({}));
    expect(all.TableNames).toEqual(expect.arrayContaining(names));
    const sorted = all.TableNames!;
    const after = sorted[sorted.indexOf(names[0]!) + 1];
    const page = await ddb.send(new ListTablesCommand({ Limit: 1, ExclusiveStartTableName: names[0] }));
    expect(page.TableNames).toEqual([after]);
    expect(page.LastEvaluatedTableName).toBe(after);
  });

  it("deletes a table: DELETING, then gone with its items", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = await createTable(ctx);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" } } }));
    const res = await ddb.send(new DeleteTableCommand({ TableName: name }));
    expect(res.TableDescription?.TableStatus).toBe("DELETING");
    await expectAwsError(ddb.send(new DescribeTableCommand({ TableName: name })), { name: "ResourceNotFoundException" });
    await expectAwsError(ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" } } })), { name: "ResourceNotFoundException", message: "Requested resource not found" });
  });

  it("forgets tables and items created after a snapshot when it is restored", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const kept = await createTable(ctx);
    await ddb.send(new PutItemCommand({ TableName: kept, Item: { pk: { S: "before" } } }));
    const snap = await ctx.aws.snapshot();
    const later = await createTable(ctx);
    await ddb.send(new PutItemCommand({ TableName: kept, Item: { pk: { S: "after" } } }));
    await ctx.aws.restore(snap);
    await expectAwsError(ddb.send(new DescribeTableCommand({ TableName: later })), { name: "ResourceNotFoundException" });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: kept }));
    expect(Table?.ItemCount).toBe(1);
  });

  it("refuses to delete a table with deletion protection", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = await createTable(ctx, { extra: { DeletionProtectionEnabled: true } });
    await expectAwsError(ddb.send(new DeleteTableCommand({ TableName: name })), {
      name: "ValidationException",
      message: "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    });
  });
});
