import type { Item } from "./attribute-value.js";
import { itemSize } from "./attribute-value.js";
import { indexKeyOf } from "./keys.js";
import type { DynamoState } from "./state.js";
import type { IndexMeta, TableMeta } from "./table-meta.js";
import { projectForIndex } from "./writes.js";

/** Writes index entries for every item of the table (a GSI added by UpdateTable, a restored table). */
export function backfill(st: DynamoState, table: TableMeta, index: IndexMeta): void {
  const rows = st.sql.tableItems.all(table.id);
  for (const row of rows) {
    const item = JSON.parse(row.item) as Item;
    const k = indexKeyOf(index, item);
    if (!k) continue;
    const projected = projectForIndex(table, index, item);
    st.sql.putIndexItem.run(table.id, index.id, k.pk, k.sk, row.pk, row.sk, JSON.stringify(projected), itemSize(projected));
  }
}
