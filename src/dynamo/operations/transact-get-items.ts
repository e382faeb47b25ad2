import type { TransactGetItemsInput, TransactGetItemsOutput } from "@aws-sdk/client-dynamodb";
import type { Item } from "../attribute-value.js";
import { isAwsError } from "../../core/errors.js";
import { readUnits, type Consumed } from "../capacity.js";
import { transactionCanceled, validation } from "../errors.js";
import { parseExpressions, project } from "../expressions/index.js";
import { itemId, keyFromInput, type InputKey } from "../keys.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { dataTable } from "../tables.js";
import type { TableMeta } from "../table-meta.js";
import { dynamoOperation } from "../state.js";

const SCHEMA_MISMATCH = "The provided key element does not match the schema";

/**
 * A key that does not match the table's schema cancels the transaction (reason ValidationError),
 * as DynamoDB reports per-action problems; an empty key value stays a request-level ValidationException.
 */
function actionKey(table: TableMeta, raw: unknown): InputKey | { invalid: string } {
  try {
    return keyFromInput(table, raw);
  } catch (err) {
    if (isAwsError(err) && err.message === SCHEMA_MISMATCH) return { invalid: err.message };
    throw err;
  }
}

export const transactGetItems = dynamoOperation<TransactGetItemsInput, TransactGetItemsOutput>({
  name: "TransactGetItems",
  handle(input, ctx, st) {
    // The list, its length, each Get and the enums were checked from the model (validate-model.ts).
    const perTable = new Map<string, Consumed | undefined>();
    const checked = input.TransactItems!.map((t) => {
      const get = t.Get!;
      const table = dataTable(ctx, st, get.TableName);
      const key = actionKey(table, get.Key);
      const exprs = parseExpressions(get);
      if (!perTable.has(table.name)) perTable.set(table.name, consumedFor(st, ctx, table, "read", input.ReturnConsumedCapacity));
      return { table, key, projection: exprs.projection };
    });
    if (checked.some((g) => "invalid" in g.key)) {
      throw transactionCanceled(checked.map((g) => ("invalid" in g.key ? { Code: "ValidationError", Message: g.key.invalid } : { Code: "None" })));
    }
    const gets = checked as { table: TableMeta; key: InputKey; projection: (typeof checked)[number]["projection"] }[];
    const ids = gets.map(({ table, key }) => itemId(table.id, key));
    if (new Set(ids).size !== ids.length) throw validation("Transaction request cannot include multiple operations on one item");
    // An item that an ongoing TransactWriteItems holds cancels the read (opt-in transactionWindowMs).
    st.locks.cancelIfAnyHeld(ids);
    const responses = ctx.store.txn(() =>
      gets.map(({ table, key, projection }) => {
        const row = st.sql.getItem.get(table.id, key.pk, key.sk);
        const cons = perTable.get(table.name);
        // Transactional reads are strongly consistent and cost double.
        if (cons) cons.table += 2 * readUnits(row?.size ?? 0, true);
        if (!row) return {};
        const item = JSON.parse(row.item) as Item;
        return { Item: projection ? project(item, projection) : item };
      }),
    );
    const capacity = [...perTable.values()].map((cons) => capacityOut(st, ctx, cons, input.ReturnConsumedCapacity)).filter((x) => x !== undefined);
    return output({ Responses: responses, ConsumedCapacity: capacity.length ? capacity : undefined }) as TransactGetItemsOutput;
  },
});
