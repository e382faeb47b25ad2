import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

// A transaction stays in progress for 1 s of the server's (virtual) clock before it commits.
const dir = mkdtempSync(join(tmpdir(), "ddb-txn-window-"));
const config = join(dir, "local-aws.json");
writeFileSync(config, JSON.stringify({ dynamodb: { transactionWindowMs: 1000 } }));
const ctx = useServer({ config });
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const CONFLICT = { name: "TransactionConflictException", status: 400, message: "Transaction is ongoing for the item" };
let table: string;
beforeAll(async () => {
  table = await createTable(ctx);
});

/** Resolves once the server holds `pk` for a transaction (a TransactGetItems of it is then cancelled). */
async function heldBy(pk: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const read = await ddb()
      .send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: pk } } } }] }))
      .then(
        () => "free",
        (err: Error) => err.name,
      );
    if (read === "TransactionCanceledException") return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${pk} was never held`);
}

function startTransaction(items: string[], token?: string): Promise<unknown> {
  return ddb().send(
    new TransactWriteItemsCommand({
      ClientRequestToken: token,
      TransactItems: items.map((pk) => ({ Update: { TableName: table, Key: { pk: { S: pk } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { S: "txn" } } } })),
    }),
  );
}

describe("errors", () => {
  it("rejects PutItem, UpdateItem and DeleteItem of an item an ongoing transaction holds, and reads the committed version", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "held" }, v: { S: "before" } } }));
    const txn = startTransaction(["held", "held-2"]);
    await heldBy("held");
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "held" }, v: { S: "put" } } })), CONFLICT);
    await expectAwsError(ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "held-2" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { S: "u" } } })), CONFLICT);
    await expectAwsError(ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "held" } } })), CONFLICT);
    // Items outside the transaction are not affected; a plain read sees the last committed item.
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "free" }, v: { S: "x" } } }));
    expect((await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "held" } }, ConsistentRead: true }))).Item).toEqual({ pk: { S: "held" }, v: { S: "before" } });

    await ctx.clock.advance(1000);
    await txn;
    expect((await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "held" } } }))).Item).toEqual({ pk: { S: "held" }, v: { S: "txn" } });
    expect((await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "held-2" } } }))).Item).toEqual({ pk: { S: "held-2" }, v: { S: "txn" } });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "held" }, v: { S: "after" } } }));
  });

  it("cancels another TransactWriteItems and a TransactGetItems that include a held item, naming it in CancellationReasons", async () => {
    const txn = startTransaction(["c1"]);
    await heldBy("c1");
    const write = await ddb()
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "c0" } } } }, { Put: { TableName: table, Item: { pk: { S: "c1" } } } }] }))
      .catch((e: TransactionCanceledException) => e);
    expect(write).toMatchObject({
      name: "TransactionCanceledException",
      message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]",
      CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }],
    });
    const read = await ddb()
      .send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "c1" } } } }, { Get: { TableName: table, Key: { pk: { S: "c0" } } } }] }))
      .catch((e: TransactionCanceledException) => e);
    expect(read).toMatchObject({ name: "TransactionCanceledException", CancellationReasons: [{ Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }, { Code: "None" }] });
    // The cancelled write changed nothing.
    expect((await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "c0" } } }))).Item).toBeUndefined();
    await ctx.clock.advance(1000);
    await txn;
  });

  it("answers a retry with the same ClientRequestToken during the transaction with TransactionInProgressException, and after it with the first answer", async () => {
    const txn = startTransaction(["tok"], "token-in-progress");
    await heldBy("tok");
    await expectAwsError(startTransaction(["tok"], "token-in-progress"), {
      name: "TransactionInProgressException",
      status: 400,
      message: "The transaction with the given request token is already in progress.",
    });
    await ctx.clock.advance(1000);
    await txn;
    await expect(startTransaction(["tok"], "token-in-progress")).resolves.toBeDefined();
  });
});
