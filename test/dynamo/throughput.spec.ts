import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const dir = mkdtempSync(join(tmpdir(), "ddb-throughput-"));
const config = join(dir, "local-aws.json");
writeFileSync(config, JSON.stringify({ dynamodb: { enforceThroughput: true } }));
const ctx = useServer({ config });
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

describe("errors", () => {
  it("throttles a provisioned table past its WCU and RCU within a second, then recovers", async () => {
    const TableName = uniqueName("t");
    await ddb().send(
      new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }),
    );
    await ddb().send(new PutItemCommand({ TableName, Item: { id: { S: "a" } } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { id: { S: "b" } } }));
    await expectAwsError(ddb().send(new PutItemCommand({ TableName, Item: { id: { S: "c" } } })), {
      name: "ProvisionedThroughputExceededException",
      status: 400,
      message: "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
    });
    await ddb().send(new GetItemCommand({ TableName, Key: { id: { S: "a" } }, ConsistentRead: true }));
    await expectAwsError(ddb().send(new GetItemCommand({ TableName, Key: { id: { S: "a" } } })), { name: "ProvisionedThroughputExceededException" });
    await ctx.clock.advance(1000);
    const got = await ddb().send(new GetItemCommand({ TableName, Key: { id: { S: "a" } } }));
    expect(got.Item).toEqual({ id: { S: "a" } });
  });
});

describe("behaviour", () => {
  it("never throttles on-demand tables", async () => {
    const TableName = uniqueName("t");
    await ddb().send(new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] }));
    for (let i = 0; i < 20; i++) await ddb().send(new PutItemCommand({ TableName, Item: { id: { S: `k${i}` } } }));
    const got = await ddb().send(new GetItemCommand({ TableName, Key: { id: { S: "k19" } } }));
    expect(got.Item).toBeDefined();
  });
});
