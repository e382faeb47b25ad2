import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const dir = mkdtempSync(join(tmpdir(), "ddb-status-"));
const config = join(dir, "local-aws.json");
writeFileSync(config, JSON.stringify({ dynamodb: { tableStatusDelayMs: 5000 } }));
const ctx = useServer({ config });
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

describe("errors", () => {
  it("answers ResourceNotFoundException for items of a table still CREATING", async () => {
    const TableName = uniqueName("t");
    await ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }));
    await expectAwsError(ddb().send(new PutItemCommand({ TableName, Item: { id: { S: "a" } } })), { name: "ResourceNotFoundException", status: 400, message: "Requested resource not found" });
  });
});

describe("validation", () => {
  it("refuses reads from a GSI that is still backfilling", async () => {
    const TableName = uniqueName("t");
    await ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }));
    await ctx.clock.advance(5000);
    await ddb().send(
      new UpdateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
      }),
    );
    const query = () => ddb().send(new QueryCommand({ TableName, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "x" } } }));
    await expectAwsError(query(), { name: "ValidationException", status: 400, message: "Cannot read from backfilling global secondary index: byG" });
    await ctx.clock.advance(5000);
    expect((await query()).Count).toBe(0);
  });
});

describe("behaviour", () => {
  it("keeps a table CREATING, then UPDATING, for the configured delay", async () => {
    const TableName = uniqueName("t");
    await ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }));
    expect((await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus).toBe("CREATING");
    await ctx.clock.advance(5000);
    expect((await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus).toBe("ACTIVE");
    await ddb().send(new PutItemCommand({ TableName, Item: { id: { S: "a" } } }));
    await ddb().send(new UpdateTableCommand({ TableName, DeletionProtectionEnabled: true }));
    expect((await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus).toBe("UPDATING");
    await ctx.clock.advance(5000);
    const { Table } = await ddb().send(new DescribeTableCommand({ TableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.DeletionProtectionEnabled).toBe(true);
  });

  it("keeps a deleted table DELETING for the delay, then it is gone (also across a restore)", async () => {
    const TableName = uniqueName("t");
    await ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }));
    await ctx.clock.advance(5000);
    const res = await ddb().send(new DeleteTableCommand({ TableName }));
    expect(res.TableDescription?.TableStatus).toBe("DELETING");
    expect((await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus).toBe("DELETING");
    await expectAwsError(ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] })), {
      name: "ResourceInUseException",
      message: `Attempt to change a resource which is still in use: Table is being deleted: ${TableName}`,
    });
    const snap = await ctx.aws.snapshot();
    await ctx.clock.advance(5000);
    await expectAwsError(ddb().send(new DescribeTableCommand({ TableName })), { name: "ResourceNotFoundException" });
    await ctx.aws.restore(snap);
    expect((await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus).toBe("DELETING");
    await ctx.clock.advance(5000);
    await expectAwsError(ddb().send(new DescribeTableCommand({ TableName })), { name: "ResourceNotFoundException" });
  });
});
