import {
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  BatchWriteItemCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

// GetItem keeps recently read items in memory (src/dynamo/item-cache.ts): every way an item can
// change must be seen by the next read.
const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const read = async (TableName: string, pk: string) => (await ddb().send(new GetItemCommand({ TableName, Key: { pk: { S: pk } } }))).Item?.v?.S;

describe("behaviour", () => {
  it("treats keys that store as the same bytes as one item (a lone surrogate is stored as U+FFFD), cached or not", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "x\uFFFD" }, v: { S: "1" } } }));
    expect(await read(t, "x\uD800")).toBe("1");
    expect(await read(t, "x\uFFFD")).toBe("1");
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "x\uD800" }, v: { S: "2" } } }));
    expect(await read(t, "x\uFFFD")).toBe("2");
    expect(await read(t, "x\uDFFF")).toBe("2");
    await ddb().send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: "x\uDFFF" } } }));
    expect(await read(t, "x\uFFFD")).toBeUndefined();
  });

  it("reads every kind of write right after it", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "1" } } }));
    expect(await read(t, "a")).toBe("1");
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "2" } } }));
    expect(await read(t, "a")).toBe("2");
    await ddb().send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: "a" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { S: "3" } } }));
    expect(await read(t, "a")).toBe("3");
    await ddb().send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: { pk: { S: "a" }, v: { S: "4" } } } }] } }));
    expect(await read(t, "a")).toBe("4");
    await ddb().send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: t, Item: { pk: { S: "a" }, v: { S: "5" } } } }] }));
    expect(await read(t, "a")).toBe("5");
    await ddb().send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: "a" } } }));
    expect(await read(t, "a")).toBeUndefined();
  });

  it("keeps the committed item when a transaction is cancelled", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "1" } } }));
    expect(await read(t, "a")).toBe("1");
    await expect(
      ddb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: t, Item: { pk: { S: "a" }, v: { S: "2" } } } },
            { ConditionCheck: { TableName: t, Key: { pk: { S: "missing" } }, ConditionExpression: "attribute_exists(pk)" } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "TransactionCanceledException" });
    expect(await read(t, "a")).toBe("1");
  });

  it("forgets a deleted table's items when a table of that name is created again", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "old" } } }));
    expect(await read(t, "a")).toBe("old");
    await ddb().send(new DeleteTableCommand({ TableName: t }));
    await createTable(ctx, { extra: { TableName: t } });
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "b" }, v: { S: "new" } } }));
    expect(await read(t, "a")).toBeUndefined();
  });

  it("reads the restored item after a snapshot is restored", async () => {
    const t = await createTable(ctx);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "before" } } }));
    const id = await ctx.aws.snapshot();
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { S: "after" } } }));
    expect(await read(t, "a")).toBe("after");
    await ctx.aws.restore(id);
    expect(await read(t, "a")).toBe("before");
  });
});
