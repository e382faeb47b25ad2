import type { QueryInput, QueryOutput } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors.js";
import { parseExpressions, type Condition } from "../expressions/index.js";
import { keyRange } from "../key-condition.js";
import { legacyFilter, legacyKeyConditions, legacyProjection } from "../legacy.js";
import { pageOutput, readPage, resolveSelect, startKey, type RowSource } from "../read-page.js";
import { capacityOut, consumedFor } from "../requests.js";
import { findIndex } from "../table-meta.js";
import { checkIndexReadable, dataTable } from "../tables.js";
import { checkKeyConditions, checkSelect } from "../validate-read.js";
import { dynamoOperation } from "../state.js";

function keyAttributesIn(c: Condition, out: Set<string>): void {
  switch (c.kind) {
    case "and":
    case "or":
      keyAttributesIn(c.left, out);
      keyAttributesIn(c.right, out);
      return;
    case "not":
      keyAttributesIn(c.operand, out);
      return;
    case "compare":
      for (const o of [c.left, c.right]) if (o.kind === "path") out.add(o.elements[0] as string);
      return;
    case "between":
      for (const o of [c.operand, c.low, c.high]) if (o.kind === "path") out.add(o.elements[0] as string);
      return;
    case "in":
      for (const o of [c.operand, ...c.list]) if (o.kind === "path") out.add(o.elements[0] as string);
      return;
    case "call":
      for (const o of c.args) if (o.kind === "path") out.add(o.elements[0] as string);
  }
}

export const query = dynamoOperation<QueryInput, QueryOutput>({
  name: "Query",
  handle(input, ctx, st) {
    // TableName, Limit, Select and the other members were checked from the model (validate-model.ts).
    checkSelect(input, "Query");
    const table = dataTable(ctx, st, input.TableName);
    const index = input.IndexName !== undefined ? findIndex(table, input.IndexName) : undefined;
    if (input.IndexName !== undefined && !index) throw validation(`The table does not have the specified index: ${input.IndexName}`);
    checkIndexReadable(ctx, index);
    if (index?.kind === "GSI" && input.ConsistentRead) throw validation("Consistent reads are not supported on global secondary indexes");
    const exprs = parseExpressions(input);
    const keyCond = exprs.key ?? legacyKeyConditions(input);
    if (!keyCond) throw validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    const filter = exprs.filter ?? legacyFilter(input);
    const projection = exprs.projection ?? legacyProjection(input);
    const hash = index ? index.hash : table.hash;
    const range = index ? index.range : table.range;
    if (!exprs.key && input.KeyConditions) checkKeyConditions(input.KeyConditions, hash, range);
    if (filter) {
      const used = new Set<string>();
      keyAttributesIn(filter, used);
      for (const k of [hash.name, range?.name]) {
        if (k && used.has(k)) throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${k}`);
      }
    }
    const select = resolveSelect(input, table, index);
    const forward = input.ScanIndexForward !== false;
    const dir = forward ? "ASC" : "DESC";
    const cmp = forward ? ">" : "<";
    const esk = startKey(input.ExclusiveStartKey, table, index);
    let rows: RowSource;
    if (!index) {
      const r = keyRange(keyCond, hash, range, "sk");
      const where = ["tid = ?", "pk = ?", ...r.sql].join(" AND ");
      const params = [table.id, r.pk, ...r.params];
      const first = st.sql.range(`SELECT item, size FROM ddb_items WHERE ${where} ORDER BY sk ${dir} LIMIT ?`);
      const more = st.sql.range(`SELECT item, size FROM ddb_items WHERE ${where} AND sk ${cmp} ? ORDER BY sk ${dir} LIMIT ?`);
      rows = (after, n) => (after ? more.all(...params, after.sk, n) : first.all(...params, n));
    } else {
      const r = keyRange(keyCond, hash, range, "isk");
      const where = ["tid = ?", "idx = ?", "ipk = ?", ...r.sql].join(" AND ");
      const params = [table.id, index.id, r.pk, ...r.params];
      const order = `ORDER BY isk ${dir}, pk ${dir}, sk ${dir} LIMIT ?`;
      const first = st.sql.range(`SELECT item, size FROM ddb_index_items WHERE ${where} ${order}`);
      const more = st.sql.range(`SELECT item, size FROM ddb_index_items WHERE ${where} AND (isk, pk, sk) ${cmp} (?, ?, ?) ${order}`);
      rows = (after, n) => (after ? more.all(...params, after.isk, after.pk, after.sk, n) : first.all(...params, n));
    }
    const page = readPage(st, {
      table,
      index,
      rows,
      start: esk,
      limit: input.Limit,
      filter,
      projection,
      select,
      consistent: input.ConsistentRead === true,
    });
    const consumed = consumedFor(st, ctx, table, "read", input.ReturnConsumedCapacity);
    if (consumed) {
      if (index) consumed.addIndex(index.name, index.kind, page.readUnits);
      else consumed.table = page.readUnits;
    }
    return pageOutput(page, capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity)) as QueryOutput;
  },
});
