import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

// The item collection cap (10 GB on AWS) is configurable so that code handling the error can be tested.
const dir = mkdtempSync(join(tmpdir(), "la-ddb-limits-"));
const configPath = join(dir, "local-aws.json");
writeFileSync(configPath, JSON.stringify({ dynamodb: { itemCollectionSizeLimitBytes: 4096 } }));
const ctx = useServer({ config: configPath });
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const COLLECTION_MESSAGE = "Item collection size limit exceeded: an item collection cannot be larger than 4096 bytes";

const lsiTable = () =>
  createTable(ctx, {
    sk: "S",
    defs: [{ AttributeName: "alt", AttributeType: "S" }],
    extra: {
      LocalSecondaryIndexes: [
        { IndexName: "byAlt", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "alt", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
      ],
    },
  });
const item = (pk: string, sk: string, bytes: number) => ({ pk: { S: pk }, sk: { S: sk }, alt: { S: sk }, data: { S: "x".repeat(bytes) } });

describe("errors", () => {
  it("rejects a write that grows an item collection past the cap, and keeps the collection as it was", async () => {
    const t = await lsiTable();
    // Each item counts twice: in the table and in the ALL-projected local index.
    await ddb().send(new PutItemCommand({ TableName: t, Item: item("p", "a", 1500) }));
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: t, Item: item("p", "b", 1500) })), {
      name: "ItemCollectionSizeLimitExceededException",
      status: 400,
      message: COLLECTION_MESSAGE,
    });
    expect((await ddb().send(new GetItemCommand({ TableName: t, Key: { pk: { S: "p" }, sk: { S: "b" } } }))).Item).toBeUndefined();
    // Another partition key is another collection.
    await ddb().send(new PutItemCommand({ TableName: t, Item: item("q", "b", 1500) }));
  });

  it("cancels a transaction whose write grows a collection past the cap, naming that action", async () => {
    const t = await lsiTable();
    await ddb().send(new PutItemCommand({ TableName: t, Item: item("p", "a", 1500) }));
    type Canceled = { name: string; CancellationReasons?: { Code: string; Message?: string }[] };
    const err = (await ddb()
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: t, Item: item("other", "a", 10) } }, { Put: { TableName: t, Item: item("p", "b", 1500) } }] }))
      .catch((e: unknown) => e)) as Canceled;
    expect(err).toMatchObject({ name: "TransactionCanceledException" });
    expect(err.CancellationReasons).toEqual([{ Code: "None" }, { Code: "ItemCollectionSizeLimitExceeded", Message: COLLECTION_MESSAGE }]);
    expect((await ddb().send(new GetItemCommand({ TableName: t, Key: { pk: { S: "other" }, sk: { S: "a" } } }))).Item).toBeUndefined();
  });

  it("fails a batch write that grows a collection past the cap", async () => {
    const t = await lsiTable();
    await expectAwsError(
      ddb().send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: item("p", "a", 1500) } }, { PutRequest: { Item: item("p", "b", 1500) } }] } })),
      { name: "ItemCollectionSizeLimitExceededException", status: 400, message: COLLECTION_MESSAGE },
    );
  });

  it("does not cap tables without local secondary indexes", async () => {
    const t = await createTable(ctx, { sk: "S" });
    for (const sk of ["a", "b", "c"]) await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "p" }, sk: { S: sk }, data: { S: "x".repeat(3000) } } }));
  });

  it("rejects a transaction whose items add up to more than 4 MB", async () => {
    const t = await createTable(ctx);
    const big = "x".repeat(390 * 1024);
    const TransactItems = Array.from({ length: 11 }, (_, i): TransactWriteItem => ({ Put: { TableName: t, Item: { pk: { S: `big${i}` }, data: { S: big } } } }));
    await expectAwsError(ddb().send(new TransactWriteItemsCommand({ TransactItems })), {
      name: "ValidationException",
      status: 400,
      message: "Transaction request cannot be larger than 4 MB: the aggregate size of the items in the transaction exceeds the limit",
    });
    expect((await ddb().send(new GetItemCommand({ TableName: t, Key: { pk: { S: "big0" } } }))).Item).toBeUndefined();
    // Ten such items (3.9 MB) are within the limit.
    await ddb().send(new TransactWriteItemsCommand({ TransactItems: TransactItems.slice(0, 10) }));
  });
});
