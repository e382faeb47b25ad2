/**
 * ImportTable's item path: each record gets PutItem's item checks (attribute values, item size,
 * key types and sizes, index key types) and goes straight to its row and index entries — no
 * request to build, no condition, stream, capacity or cache work: an importing table is new,
 * CREATING, and has no streams or PITR (TableCreationParameters cannot ask for them).
 */
import { isAwsError } from "../../core/errors.js";
import { checkItem, itemSize, type Item } from "../attribute-value.js";
import { checkIndexKeys, indexKeyOf, keyFromItem, type EncodedKey } from "../keys.js";
import { checkItemSize } from "../requests.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";
import { projectForIndex } from "../writes.js";

/** Stores `item` in `table` (inside the caller's transaction); answers why not when it fails a check. */
export function loadItem(st: DynamoState, table: TableMeta, item: Item): string | undefined {
  let key: EncodedKey;
  let size: number;
  try {
    size = checkItem(item);
    checkItemSize(size);
    key = keyFromItem(table, item);
    checkIndexKeys(table, item);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return e.message;
  }
  const text = JSON.stringify(item);
  if (table.indexes.length === 0) {
    st.sql.putItem.run(table.id, key.pk, key.sk, text, size);
    return undefined;
  }
  // A key seen earlier in the source: the later record wins, as a second PutItem would.
  const old = st.sql.getItem.get(table.id, key.pk, key.sk);
  const oldItem = old ? (JSON.parse(old.item) as Item) : undefined;
  st.sql.putItem.run(table.id, key.pk, key.sk, text, size);
  for (const index of table.indexes) {
    const oldKey = oldItem && indexKeyOf(index, oldItem);
    if (oldKey) st.sql.deleteIndexItem.run(table.id, index.id, oldKey.pk, oldKey.sk, key.pk, key.sk);
    const k = indexKeyOf(index, item);
    if (!k) continue;
    const projected = projectForIndex(table, index, item);
    st.sql.putIndexItem.run(table.id, index.id, k.pk, k.sk, key.pk, key.sk, projected === item ? text : JSON.stringify(projected), projected === item ? size : itemSize(projected));
  }
  return undefined;
}
