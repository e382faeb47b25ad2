import type { TransactGetItemsInput, TransactGetItemsOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import type { Item } from "../attribute-value.js";
import { readUnits, type Consumed } from "../capacity.js";
import { validation } from "../errors.js";
import { parseExpressions, project } from "../expressions/index.js";
import { itemId, keyFromInput } from "../keys.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { stateOf } from "../state.js";
import { dataTable } from "../tables.js";
import { Constraints, listOf } from "../validation.js";

export const transactGetItems = defineOperation<TransactGetItemsInput, TransactGetItemsOutput>({
  name: "TransactGetItems",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    if (c.required(input.TransactItems, "transactItems")) {
      listOf(input.TransactItems, "transactItems");
      const n = input.TransactItems!.length;
      if (n < 1) c.add(input.TransactItems, "transactItems", "Member must have length greater than or equal to 1");
      if (n > 100) c.add("[...]", "transactItems", "Member must have length less than or equal to 100");
    }
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.throwIfAny();
    const perTable = new Map<string, Consumed | undefined>();
    const gets = input.TransactItems!.map((t, i) => {
      if (!t?.Get) throw validation(`1 validation error detected: Value null at 'transactItems.${i + 1}.member.get' failed to satisfy constraint: Member must not be null`);
      const get = t.Get;
      const table = dataTable(ctx, st, get.TableName);
      const key = keyFromInput(table, get.Key);
      const exprs = parseExpressions(get);
      if (!perTable.has(table.name)) perTable.set(table.name, consumedFor(ctx, table, "read", input.ReturnConsumedCapacity));
      return { table, key, projection: exprs.projection };
    });
    // An item that an ongoing TransactWriteItems holds cancels the read (opt-in transactionWindowMs).
    st.locks.cancelIfAnyHeld(gets.map(({ table, key }) => itemId(table.id, key)));
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
    const capacity = [...perTable.values()].map((cons) => capacityOut(ctx, cons, input.ReturnConsumedCapacity)).filter((x) => x !== undefined);
    return output({ Responses: responses, ConsumedCapacity: capacity.length ? capacity : undefined }) as TransactGetItemsOutput;
  },
});
