import {
  BatchExecuteStatementCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
let table: string;
let simple: string;

beforeAll(async () => {
  table = await createTable(ctx, { sk: "N" });
  simple = await createTable(ctx);
  for (let i = 1; i <= 5; i++) {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p1" }, sk: { N: String(i) }, tag: { S: i % 2 ? "odd" : "even" }, n: { N: String(i * 10) } } }));
  }
  await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p2" }, sk: { N: "1" }, tag: { S: "odd" }, nested: { M: { a: { L: [{ S: "x" }, { S: "y" }] } } } } }));
});

const run = (Statement: string, Parameters?: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  ddb().send(new ExecuteStatementCommand({ Statement, Parameters: Parameters as never, ...extra }));

describe("SELECT", () => {
  it("reads one item by its whole key, with parameters", async () => {
    const out = await run(`SELECT * FROM "${table}" WHERE pk = ? AND sk = ?`, [{ S: "p1" }, { N: "3" }]);
    expect(out.Items).toEqual([{ pk: { S: "p1" }, sk: { N: "3" }, tag: { S: "odd" }, n: { N: "30" } }]);
  });

  it("answers the same key lookup text with each request's parameters, an absent item, a literal key and GetItem's key errors", async () => {
    const statement = `SELECT * FROM "${table}" WHERE sk = ? AND pk = ?`;
    expect((await run(statement, [{ N: "2" }, { S: "p1" }])).Items).toEqual([{ pk: { S: "p1" }, sk: { N: "2" }, tag: { S: "even" }, n: { N: "20" } }]);
    expect((await run(statement, [{ N: "1" }, { S: "p2" }])).Items?.[0]?.pk).toEqual({ S: "p2" });
    expect((await run(statement, [{ N: "9" }, { S: "p1" }])).Items).toEqual([]);
    expect((await run(`SELECT * FROM "${table}" WHERE pk = 'p1' AND sk = 4`)).Items?.[0]?.n).toEqual({ N: "40" });
    const withCapacity = await run(statement, [{ N: "2" }, { S: "p1" }], { ReturnConsumedCapacity: "TOTAL" });
    expect(withCapacity.ConsumedCapacity?.CapacityUnits).toBe(0.5);
    await expectAwsError(run(statement, [{ S: "2" }, { S: "p1" }]), { name: "ValidationException", message: "The provided key element does not match the schema" });
    await expectAwsError(run(`SELECT * FROM "${simple}" WHERE pk = ?`, [{ S: "" }]), {
      name: "ValidationException",
      message: "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    });
  });

  it("queries a partition with a sort-key range and a filter, projecting nested paths, in descending order", async () => {
    const out = await run(`SELECT sk, tag FROM "${table}" WHERE pk = 'p1' AND sk BETWEEN 2 AND 5 AND tag = 'odd' ORDER BY sk DESC`);
    expect(out.Items).toEqual([
      { sk: { N: "5" }, tag: { S: "odd" } },
      { sk: { N: "3" }, tag: { S: "odd" } },
    ]);
    const nested = await run(`SELECT nested.a[1] FROM "${table}" WHERE pk = 'p2'`);
    expect(nested.Items).toEqual([{ nested: { M: { a: { L: [{ S: "y" }] } } } }]);
  });

  it("scans with IN, begins_with, size and IS MISSING when the partition key is not fixed", async () => {
    const out = await run(`SELECT pk, sk FROM "${table}" WHERE tag IN ['odd'] AND begins_with(pk, 'p') AND nested IS MISSING AND n > 15`);
    expect(out.Items).toEqual([
      { pk: { S: "p1" }, sk: { N: "3" } },
      { pk: { S: "p1" }, sk: { N: "5" } },
    ]);
    const sized = await run(`SELECT pk FROM "${table}" WHERE size(nested.a) = 2`);
    expect(sized.Items).toEqual([{ pk: { S: "p2" } }]);
  });

  it("pages with Limit and NextToken", async () => {
    const first = await run(`SELECT sk FROM "${table}" WHERE pk = 'p1'`, undefined, { Limit: 2 });
    expect(first.Items).toEqual([{ sk: { N: "1" } }, { sk: { N: "2" } }]);
    expect(first.NextToken).toBeTypeOf("string");
    const second = await run(`SELECT sk FROM "${table}" WHERE pk = 'p1'`, undefined, { Limit: 2, NextToken: first.NextToken });
    expect(second.Items).toEqual([{ sk: { N: "3" } }, { sk: { N: "4" } }]);
  });
});

describe("INSERT, UPDATE, DELETE", () => {
  it("inserts an item with sets, lists and maps, and refuses a second insert of its key", async () => {
    await run(`INSERT INTO "${simple}" VALUE {'pk': ?, 'tags': <<'a', 'b'>>, 'list': [1, 'two'], 'm': {'x': true, 'y': null}}`, [{ S: "ins" }]);
    const got = await ddb().send(new GetItemCommand({ TableName: simple, Key: { pk: { S: "ins" } } }));
    expect(got.Item).toEqual({ pk: { S: "ins" }, tags: { SS: ["a", "b"] }, list: { L: [{ N: "1" }, { S: "two" }] }, m: { M: { x: { BOOL: true }, y: { NULL: true } } } });
    await expectAwsError(run(`INSERT INTO "${simple}" VALUE {'pk': 'ins'}`), { name: "DuplicateItemException", status: 400, message: "Duplicate primary key exists in table" });
  });

  it("updates with SET arithmetic, list_append, set_add and REMOVE, returning the new item", async () => {
    await run(`INSERT INTO "${simple}" VALUE {'pk': 'upd', 'count': 1, 'l': [1], 'gone': 'x', 's': <<'a'>>}`);
    const out = await run(`UPDATE "${simple}" SET "count" = "count" + 4 SET l = list_append(l, [2]) SET s = set_add(s, <<'b'>>) REMOVE gone WHERE pk = 'upd' RETURNING ALL NEW *`);
    expect(out.Items).toEqual([{ pk: { S: "upd" }, count: { N: "5" }, l: { L: [{ N: "1" }, { N: "2" }] }, s: { SS: ["a", "b"] } }]);
  });

  it("fails an UPDATE of a missing item, or whose extra condition is false, with ConditionalCheckFailedException", async () => {
    await expectAwsError(run(`UPDATE "${simple}" SET a = 1 WHERE pk = 'nobody'`), { name: "ConditionalCheckFailedException", message: "The conditional request failed" });
    await run(`INSERT INTO "${simple}" VALUE {'pk': 'cond', 'v': 1}`);
    await expectAwsError(run(`UPDATE "${simple}" SET v = 2 WHERE pk = 'cond' AND v = 9`), { name: "ConditionalCheckFailedException" });
  });

  it("deletes by key and returns the old item", async () => {
    await run(`INSERT INTO "${simple}" VALUE {'pk': 'del', 'v': 7}`);
    const out = await run(`DELETE FROM "${simple}" WHERE pk = ? RETURNING ALL OLD *`, [{ S: "del" }]);
    expect(out.Items).toEqual([{ pk: { S: "del" }, v: { N: "7" } }]);
    const got = await ddb().send(new GetItemCommand({ TableName: simple, Key: { pk: { S: "del" } } }));
    expect(got.Item).toBeUndefined();
  });
});

describe("errors", () => {
  it("refuses an UPDATE or DELETE whose WHERE clause does not fix the whole key", async () => {
    const message = "Where clause does not contain a mandatory equality on all key attributes";
    await expectAwsError(run(`UPDATE "${table}" SET a = 1 WHERE pk = 'p1'`), { name: "ValidationException", message });
    await expectAwsError(run(`DELETE FROM "${table}" WHERE sk = 1`), { name: "ValidationException", message });
  });

  it("answers a syntax error, a wrong parameter count and a missing table as DynamoDB does", async () => {
    await expectAwsError(run(`SELEC * FROM "${table}"`), { name: "ValidationException", message: /^Statement wasn't well formed, can't be processed: / });
    await expectAwsError(run(`SELECT * FROM "${table}" WHERE pk = ?`), { name: "ValidationException", message: "Number of parameters in request and statement don't match." });
    await expectAwsError(run(`SELECT * FROM "no_such_table"`), { name: "ResourceNotFoundException" });
  });
});

describe("BatchExecuteStatement", () => {
  it("answers each statement on its own: one failing write does not stop the others", async () => {
    const out = await ddb().send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${simple}" VALUE {'pk': ?}`, Parameters: [{ S: "b1" }] },
          { Statement: `INSERT INTO "${simple}" VALUE {'pk': 'ins'}` },
          { Statement: `UPDATE "${simple}" SET v = 1 WHERE pk = 'b1'` },
        ],
      }),
    );
    expect(out.Responses).toEqual([
      { TableName: simple },
      { TableName: simple, Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" } },
      { TableName: simple },
    ]);
  });

  it("reads items by key and reports a statement without the whole key as a ValidationError", async () => {
    const out = await ddb().send(
      new BatchExecuteStatementCommand({
        Statements: [{ Statement: `SELECT * FROM "${table}" WHERE pk = 'p1' AND sk = 1` }, { Statement: `SELECT * FROM "${table}" WHERE pk = 'p1'` }],
      }),
    );
    expect(out.Responses?.[0]).toEqual({ TableName: table, Item: { pk: { S: "p1" }, sk: { N: "1" }, tag: { S: "odd" }, n: { N: "10" } } });
    expect(out.Responses?.[1]?.Error?.Code).toBe("ValidationError");
  });
});

describe("ExecuteTransaction", () => {
  it("writes every statement or none: a duplicate INSERT cancels the transaction with DuplicateItem", async () => {
    const err = await expectAwsError<TransactionCanceledException>(
      ddb().send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `INSERT INTO "${simple}" VALUE {'pk': 'tx-new'}` },
            { Statement: `INSERT INTO "${simple}" VALUE {'pk': 'ins'}` },
          ],
        }),
      ),
      { name: "TransactionCanceledException" },
    );
    expect(err.CancellationReasons).toEqual([{ Code: "None" }, { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" }]);
    const got = await ddb().send(new GetItemCommand({ TableName: simple, Key: { pk: { S: "tx-new" } } }));
    expect(got.Item).toBeUndefined();
  });

  it("commits writes with an EXISTS condition check, and reads items together", async () => {
    await ddb().send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `EXISTS(SELECT * FROM "${simple}" WHERE pk = 'ins')` },
          { Statement: `INSERT INTO "${simple}" VALUE {'pk': ?, 'v': ?}`, Parameters: [{ S: "tx-ok" }, { N: "1" }] },
        ],
      }),
    );
    const out = await ddb().send(
      new ExecuteTransactionCommand({
        TransactStatements: [{ Statement: `SELECT v FROM "${simple}" WHERE pk = 'tx-ok'` }, { Statement: `SELECT * FROM "${simple}" WHERE pk = 'absent'` }],
      }),
    );
    expect(out.Responses).toEqual([{ Item: { v: { N: "1" } } }, {}]);
  });
});
