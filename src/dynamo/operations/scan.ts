import type { ScanInput, ScanOutput } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors.js";
import { parseExpressions } from "../expressions/index.js";
import { legacyFilter, legacyProjection } from "../legacy.js";
import { pageOutput, readPage, resolveSelect, startKey, type RowSource } from "../read-page.js";
import { capacityOut, consumedFor } from "../requests.js";
import { findIndex } from "../table-meta.js";
import { checkIndexReadable, dataTable } from "../tables.js";
import { checkSelect } from "../validate-read.js";
import { dynamoOperation } from "../state.js";

export const scan = dynamoOperation<ScanInput, ScanOutput>({
  name: "Scan",
  handle(input, ctx, st) {
    // TableName, Limit, Segment, TotalSegments, Select... were checked from the model (validate-model.ts).
    checkSelect(input, "Scan");
    if (input.Segment !== undefined && input.TotalSegments === undefined) {
      throw validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    }
    if (input.TotalSegments !== undefined && input.Segment === undefined) {
      throw validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
    }
    if (input.Segment !== undefined && input.Segment >= input.TotalSegments!) {
      throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${input.Segment} is not less than TotalSegments: ${input.TotalSegments}`);
    }
    const table = dataTable(ctx, st, input.TableName);
    const index = input.IndexName !== undefined ? findIndex(table, input.IndexName) : undefined;
    if (input.IndexName !== undefined && !index) throw validation(`The table does not have the specified index: ${input.IndexName}`);
    checkIndexReadable(ctx, index);
    if (index?.kind === "GSI" && input.ConsistentRead) throw validation("Consistent reads are not supported on global secondary indexes");
    const exprs = parseExpressions(input);
    const filter = exprs.filter ?? legacyFilter(input);
    const projection = exprs.projection ?? legacyProjection(input);
    const select = resolveSelect(input, table, index);
    const esk = startKey(input.ExclusiveStartKey, table, index);
    let rows: RowSource;
    const seg = input.TotalSegments !== undefined;
    if (!index) {
      const first = st.sql.range(`SELECT item, size${seg ? ", pk" : ""} FROM ddb_items WHERE tid = ? ORDER BY pk, sk LIMIT ?`);
      const more = st.sql.range(`SELECT item, size${seg ? ", pk" : ""} FROM ddb_items WHERE tid = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT ?`);
      rows = (after, n) => (after ? more.all(table.id, after.pk, after.sk, n) : first.all(table.id, n));
    } else {
      const first = st.sql.range(`SELECT item, size${seg ? ", ipk" : ""} FROM ddb_index_items WHERE tid = ? AND idx = ? ORDER BY ipk, isk, pk, sk LIMIT ?`);
      const more = st.sql.range(`SELECT item, size${seg ? ", ipk" : ""} FROM ddb_index_items WHERE tid = ? AND idx = ? AND (ipk, isk, pk, sk) > (?, ?, ?, ?) ORDER BY ipk, isk, pk, sk LIMIT ?`);
      rows = (after, n) => (after ? more.all(table.id, index.id, after.ipk, after.isk, after.pk, after.sk, n) : first.all(table.id, index.id, n));
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
      segment: input.TotalSegments !== undefined ? { index: input.Segment!, total: input.TotalSegments } : undefined,
    });
    const consumed = consumedFor(st, ctx, table, "read", input.ReturnConsumedCapacity);
    if (consumed) {
      if (index) consumed.addIndex(index.name, index.kind, page.readUnits);
      else consumed.table = page.readUnits;
    }
    return pageOutput(page, capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity)) as ScanOutput;
  },
});
