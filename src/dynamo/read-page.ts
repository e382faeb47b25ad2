/**
 * One page of a Query or Scan: rows in key order until Limit items were evaluated or 1 MB was
 * read (both before the filter, as DynamoDB counts them), then the filter and projection.
 */
import { crc32 } from "node:zlib";
import { checkValue, expectObject, type Item } from "./attribute-value.js";
import { readUnits } from "./capacity.js";
import { validation } from "./errors.js";
import { evalCondition, project, type Condition, type PathNode } from "./expressions/index.js";
import { encodeKeyValue, EMPTY } from "./keys.js";
import type { ScanRow } from "./store.js";
import type { DynamoState } from "./state.js";
import { keyAttributeNames, type IndexMeta, type TableMeta } from "./table-meta.js";

export const PAGE_BYTES = 1024 * 1024;

export type Select = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT";

export interface SelectInput {
  Select?: string;
  ProjectionExpression?: string;
  AttributesToGet?: string[];
}

/** Resolves Select against the projection given and the index, with DynamoDB's errors. */
export function resolveSelect(input: SelectInput, table: TableMeta, index: IndexMeta | undefined): Select {
  const hasProjection = input.ProjectionExpression !== undefined || input.AttributesToGet !== undefined;
  const what = input.ProjectionExpression !== undefined ? "ProjectionExpression" : "AttributesToGet";
  const select = (input.Select ?? (hasProjection ? "SPECIFIC_ATTRIBUTES" : index ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES")) as Select;
  if (hasProjection && select !== "SPECIFIC_ATTRIBUTES") throw validation(`Cannot specify the ${what} when choosing to get ${select}`);
  if (select === "ALL_PROJECTED_ATTRIBUTES" && !index) throw validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (select === "ALL_ATTRIBUTES" && index?.kind === "GSI" && index.projection.ProjectionType !== "ALL") {
    throw validation(`One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`);
  }
  void table;
  return select;
}

/** ExclusiveStartKey: the table's key attributes, plus the index's when reading an index. */
export function startKey(raw: unknown, table: TableMeta, index: IndexMeta | undefined): { pk: Buffer; sk: Buffer; ipk?: Buffer; isk?: Buffer } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const esk = expectObject(raw) as Item;
  for (const k in esk) checkValue(esk[k]);
  const names = keyAttributeNames(table, index);
  const bad = (): Error => validation("The provided starting key is invalid: The provided key element does not match the schema");
  if (Object.keys(esk).length !== names.length) throw bad();
  const enc = (def: { name: string; type: "S" | "N" | "B" }): Buffer => {
    const av = esk[def.name];
    if (!av || av[def.type] === undefined) throw bad();
    return encodeKeyValue(av, def.type);
  };
  const out: { pk: Buffer; sk: Buffer; ipk?: Buffer; isk?: Buffer } = { pk: enc(table.hash), sk: table.range ? enc(table.range) : EMPTY };
  if (index) {
    out.ipk = enc(index.hash);
    out.isk = index.range ? enc(index.range) : EMPTY;
  }
  return out;
}

export interface PageRequest {
  table: TableMeta;
  index?: IndexMeta;
  rows: IterableIterator<ScanRow>;
  limit?: number;
  filter?: Condition;
  projection?: PathNode[];
  select: Select;
  consistent: boolean;
  segment?: { index: number; total: number };
}

export interface Page {
  Items?: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
  readUnits: number;
}

export function segmentOf(partition: Buffer, total: number): number {
  return crc32(partition) % total;
}

export function readPage(st: DynamoState, req: PageRequest): Page {
  const { table, index, filter, projection, select, limit } = req;
  const items: Item[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let last: Item | undefined;
  let stopped = false;
  const fromTable = select === "ALL_ATTRIBUTES" && index?.kind === "LSI" && index.projection.ProjectionType !== "ALL";
  const keyNames = keyAttributeNames(table, index);
  for (const row of req.rows) {
    if (req.segment && segmentOf(row.ipk ?? row.pk, req.segment.total) !== req.segment.index) continue;
    if (scanned > 0 && bytes + row.size > PAGE_BYTES) {
      stopped = true;
      break;
    }
    scanned++;
    bytes += row.size;
    let item = JSON.parse(row.item) as Item;
    last = item;
    if (fromTable) {
      const base = st.sql.getItem.get(table.id, row.pk, row.sk);
      if (base) item = JSON.parse(base.item) as Item;
    }
    if (!filter || evalCondition(filter, item)) {
      count++;
      if (select !== "COUNT") items.push(projection ? project(item, projection) : item);
    }
    if (limit !== undefined && scanned >= limit) {
      stopped = true;
      break;
    }
  }
  const page: Page = { Count: count, ScannedCount: scanned, readUnits: readUnits(bytes, req.consistent) };
  if (select !== "COUNT") page.Items = items;
  if (stopped && last) {
    const lek: Item = {};
    for (const n of keyNames) lek[n] = last[n]!;
    page.LastEvaluatedKey = lek;
  }
  return page;
}
