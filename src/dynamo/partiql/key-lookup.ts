/**
 * The commonest statement, `SELECT * FROM "t" WHERE pk = ? [AND sk = ?]`, answered by a straight
 * key lookup: its shape is worked out once per statement text (parsed statements are cached), and
 * each request then only resolves the key values and reads the row — no plan, no expression text,
 * no GetItem input to build and take apart again. Anything else goes the general way (plan.ts).
 */
import type { RequestContext } from "../../core/context.js";
import { JsonText } from "../../core/protocols/index.js";
import type { AttributeValue, Item } from "../attribute-value.js";
import { keyFromInput } from "../keys.js";
import type { DynamoState } from "../state.js";
import { dataTable } from "../tables.js";
import { conjuncts, equalityOn } from "./compile.js";
import type { ValueNode } from "./ast.js";
import type { ParsedStatement } from "./parse.js";

interface KeyLookup {
  table: string;
  /** Attribute name and value node of each equality in the WHERE clause. */
  equalities: { name: string; value: ValueNode }[];
}

const shapes = new WeakMap<ParsedStatement, KeyLookup | null>();

function shapeOf(parsed: ParsedStatement): KeyLookup | null {
  let shape = shapes.get(parsed);
  if (shape !== undefined) return shape;
  shape = null;
  const s = parsed.statement;
  if (s.kind === "select" && s.projection === "*" && s.index === undefined && !s.orderBy) {
    const parts = conjuncts(s.where);
    const equalities = parts.map(equalityOn);
    // Only parameters and scalars: nested values would need the builder's conversions.
    if ((parts.length === 1 || parts.length === 2) && equalities.every((e) => e && (e.value.kind === "param" || e.value.kind === "scalar"))) {
      const named = equalities as { name: string; value: ValueNode }[];
      if (parts.length === 1 || named[0]!.name !== named[1]!.name) shape = { table: s.table, equalities: named };
    }
  }
  shapes.set(parsed, shape);
  return shape;
}

/**
 * The answer of a single-item SELECT by the table's whole primary key, or undefined when the
 * statement (or the request: capacity wanted, parameters amiss) needs the general path.
 */
export function lookupByKey(st: DynamoState, ctx: RequestContext, parsed: ParsedStatement, params: AttributeValue[] | undefined, returnCapacity: string | undefined): JsonText | undefined {
  if (returnCapacity !== undefined && returnCapacity !== "NONE") return undefined;
  const shape = shapeOf(parsed);
  if (!shape || (params?.length ?? 0) !== parsed.params.size) return undefined;
  const table = dataTable(ctx, st, shape.table);
  if (shape.equalities.length !== (table.range ? 2 : 1)) return undefined;
  const key: Item = {};
  for (const e of shape.equalities) {
    if (e.name !== table.hash.name && e.name !== table.range?.name) return undefined;
    key[e.name] = e.value.kind === "param" ? params![parsed.params.get(e.value.offset)!]! : (e.value as { value: AttributeValue }).value;
  }
  const k = keyFromInput(table, key);
  const row = st.items.get(table.id, k, () => st.sql.getItem.get(table.id, k.pk, k.sk));
  return new JsonText(row ? `{"Items":[${row.item}]}` : '{"Items":[]}');
}
