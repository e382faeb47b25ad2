import type { ScanInput, ScanOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { validation } from "../errors.js";
import { parseExpressions } from "../expressions/index.js";
import { legacyFilter, legacyProjection } from "../legacy.js";
import { readPage, resolveSelect, startKey } from "../read-page.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { stateOf } from "../state.js";
import { findIndex } from "../table-meta.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";

export const scan = defineOperation<ScanInput, ScanOutput>({
  name: "Scan",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    c.tableName(input.TableName);
    c.range(input.Limit, "limit", 1);
    c.range(input.Segment, "segment", 0, 999999);
    c.range(input.TotalSegments, "totalSegments", 1, 1000000);
    c.oneOf(input.Select, "select", ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"]);
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.throwIfAny();
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
    if (index?.kind === "GSI" && input.ConsistentRead) throw validation("Consistent reads are not supported on global secondary indexes");
    const exprs = parseExpressions(input);
    const filter = exprs.filter ?? legacyFilter(input);
    const projection = exprs.projection ?? legacyProjection(input);
    const select = resolveSelect(input, table, index);
    const esk = startKey(input.ExclusiveStartKey, table, index);
    let sql: string;
    let params: unknown[];
    if (!index) {
      sql = `SELECT pk, sk, item, size FROM ddb_items WHERE tid = ?${esk ? " AND (pk, sk) > (?, ?)" : ""} ORDER BY pk, sk`;
      params = esk ? [table.id, esk.pk, esk.sk] : [table.id];
    } else {
      sql = `SELECT ipk, pk, sk, item, size FROM ddb_index_items WHERE tid = ? AND idx = ?${esk ? " AND (ipk, isk, pk, sk) > (?, ?, ?, ?)" : ""} ORDER BY ipk, isk, pk, sk`;
      params = esk ? [table.id, index.id, esk.ipk, esk.isk, esk.pk, esk.sk] : [table.id, index.id];
    }
    const page = readPage(st, {
      table,
      index,
      rows: st.sql.range(sql).iterate(...params),
      limit: input.Limit,
      filter,
      projection,
      select,
      consistent: input.ConsistentRead === true,
      segment: input.TotalSegments !== undefined ? { index: input.Segment!, total: input.TotalSegments } : undefined,
    });
    const consumed = consumedFor(table, "read", input.ReturnConsumedCapacity);
    if (consumed) {
      if (index) consumed.addIndex(index.name, index.kind, page.readUnits);
      else consumed.table = page.readUnits;
    }
    return output({
      Items: page.Items,
      Count: page.Count,
      ScannedCount: page.ScannedCount,
      LastEvaluatedKey: page.LastEvaluatedKey,
      ConsumedCapacity: capacityOut(consumed, input.ReturnConsumedCapacity),
    }) as ScanOutput;
  },
});
