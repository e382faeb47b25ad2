import { BatchWriteItemCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

const dataDir = mkdtempSync(join(tmpdir(), "ddb-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const client = (aws: LocalAws): DynamoDBClient => new DynamoDBClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });

describe("behaviour", () => {
  it("keeps tables, items and indexes across a restart of a data-directory instance", async () => {
    let aws = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    let ddb = client(aws);
    await ddb.send(
      new (await import("@aws-sdk/client-dynamodb")).CreateTableCommand({
        TableName: "durable",
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }, { AttributeName: "g", AttributeType: "S" }],
        GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
      }),
    );
    await ddb.send(
      new BatchWriteItemCommand({ RequestItems: { durable: Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { pk: { S: "p" }, sk: { N: String(i) }, g: { S: i % 2 ? "odd" : "even" } } } })) } }),
    );
    await aws.stop();

    aws = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    ddb = client(aws);
    try {
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: "durable" }));
      expect(Table?.ItemCount).toBe(20);
      expect(Table?.GlobalSecondaryIndexes?.[0]?.ItemCount).toBe(20);
      const got = await ddb.send(new GetItemCommand({ TableName: "durable", Key: { pk: { S: "p" }, sk: { N: "7" } } }));
      expect(got.Item).toEqual({ pk: { S: "p" }, sk: { N: "7" }, g: { S: "odd" } });
      const odd = await ddb.send(new QueryCommand({ TableName: "durable", IndexName: "byG", KeyConditionExpression: "g = :g AND sk > :s", ExpressionAttributeValues: { ":g": { S: "odd" }, ":s": { N: "10" } } }));
      expect(odd.Items!.map((i) => i.sk!.N)).toEqual(["11", "13", "15", "17", "19"]);
    } finally {
      await aws.stop();
    }
  });
});
