/**
 * One page of a Query or Scan: rows in key order until Limit items were evaluated or 1 MB was
 * read (both before the filter, as DynamoDB counts them), then the filter and projection.
 */
import { crc32 } from "node:zlib";
import { JsonText } from "../core/protocols/index.js";
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
export function startKey(raw: unknown, table: TableMeta, index: IndexMeta | undefined): RowKey | undefined {
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
  const out: RowKey = { pk: enc(table.hash), sk: table.range ? enc(table.range) : EMPTY };
  if (index) {
    out.ipk = enc(index.hash);
    out.isk = index.range ? enc(index.range) : EMPTY;
  }
  return out;
}

export interface RowKey {
  pk?: Buffer;
  sk?: Buffer;
  /** Set when reading an index: the index's partition key bytes. */
  ipk?: Buffer;
  /** Set when reading an index: the index's sort key bytes. */
  isk?: Buffer;
}

/** Fetches up to `n` rows in order, after the given key (or from the start). */
export type RowSource = (after: RowKey | undefined, n: number) => ScanRow[];

export interface PageRequest {
  table: TableMeta;
  index?: IndexMeta;
  rows: RowSource;
  /** ExclusiveStartKey, encoded. */
  start?: RowKey;
  limit?: number;
  filter?: Condition;
  projection?: PathNode[];
  select: Select;
  consistent: boolean;
  segment?: { index: number; total: number };
}

export interface Page {
  /** The items as JSON texts (stored items are sent without re-encoding). */
  items?: string[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
  readUnits: number;
}

export function segmentOf(partition: Buffer, total: number): number {
  return crc32(partition) % total;
}

/** The encoded keys of a row, from its item (rows are fetched without key columns: fewer Buffers). */
function rowKey(row: ScanRow, table: TableMeta, index: IndexMeta | undefined): RowKey {
  const item = JSON.parse(row[0]) as Item;
  const enc = (def: { name: string; type: "S" | "N" | "B" } | undefined): Buffer => (def ? encodeKeyValue(item[def.name]!, def.type) : EMPTY);
  const key: RowKey = { pk: enc(table.hash), sk: enc(table.range) };
  if (index) {
    key.ipk = enc(index.hash);
    key.isk = enc(index.range);
  }
  return key;
}

/**
 * Parsed items by their stored JSON text, for filters and projections: the text is the key, so a
 * cached entry can never be stale, and hot items skip JSON.parse (the dominant cost of a filtered
 * Query). Entries are shared and never mutated (filters and projections only read them).
 */
const parsed = new Map<string, Item>();
const PARSED_MAX = 20_000;
/** Only small items are cached, bounding the cache to about 80 MB. */
const PARSED_TEXT_MAX = 4096;

function parseCached(text: string): Item {
  if (text.length > PARSED_TEXT_MAX) return JSON.parse(text) as Item;
  let item = parsed.get(text);
  if (!item) {
    item = JSON.parse(text) as Item;
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(text, item);
  }
  return item;
}

/** Rows are fetched in chunks with `.all()`: much cheaper per row than a statement iterator. */
const CHUNK = 1000;

export function readPage(st: DynamoState, req: PageRequest): Page {
  const { table, index, filter, projection, select, limit } = req;
  const items: string[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let last: ScanRow | undefined;
  let stopped = false;
  const fromTable = select === "ALL_ATTRIBUTES" && index?.kind === "LSI" && index.projection.ProjectionType !== "ALL";
  const needItem = filter !== undefined || projection !== undefined;
  const chunk = limit !== undefined && !req.segment ? Math.min(limit, CHUNK) : CHUNK;
  let after: RowKey | undefined = req.start;
  outer: for (;;) {
    const rows = req.rows(after, chunk);
    for (const row of rows) {
      if (req.segment && segmentOf(row[2]!, req.segment.total) !== req.segment.index) continue;
      const size = row[1];
      if (scanned > 0 && bytes + size > PAGE_BYTES) {
        stopped = true;
        break outer;
      }
      scanned++;
      bytes += size;
      last = row;
      let text = row[0];
      if (fromTable) {
        const k = rowKey(row, table, undefined);
        text = st.sql.getItem.get(table.id, k.pk, k.sk)?.item ?? text;
      }
      const item = needItem ? parseCached(text) : undefined;
      if (!filter || evalCondition(filter, item!)) {
        count++;
        if (select !== "COUNT") items.push(projection ? JSON.stringify(project(item!, projection)) : text);
      }
      if (limit !== undefined && scanned >= limit) {
        stopped = true;
        break outer;
      }
    }
    if (rows.length < chunk) break;
    after = rowKey(rows[rows.length - 1]!, table, index);
  }
  const page: Page = { Count: count, ScannedCount: scanned, readUnits: readUnits(bytes, req.consistent) };
  if (select !== "COUNT") page.items = items;
  if (stopped && last) {
    const stored = JSON.parse(last[0]) as Item;
    const lek: Item = {};
    for (const n of keyAttributeNames(table, index)) lek[n] = stored[n]!;
    page.LastEvaluatedKey = lek;
  }
  return page;
}

/** The Query/Scan response as JSON text: stored items are spliced in as they are. */
export function pageOutput(page: Page, consumedCapacity: Record<string, unknown> | undefined): JsonText {
  let out = page.items ? `{"Items":[${page.items.join(",")}],` : "{";
  out += `"Count":${page.Count},"ScannedCount":${page.ScannedCount}`;
  if (page.LastEvaluatedKey) out += `,"LastEvaluatedKey":${JSON.stringify(page.LastEvaluatedKey)}`;
  if (consumedCapacity) out += `,"ConsumedCapacity":${JSON.stringify(consumedCapacity)}`;
  return new JsonText(out + "}");
}
