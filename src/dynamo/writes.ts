/**
 * The write path shared by every data operation: read the old image, write the new one and
 * every secondary index entry in the caller's transaction, count capacity, and describe the
 * change for the bus (published only after the commit).
 */
import type { RequestContext } from "../core/context.js";
import type { DynamoItemChanged } from "../core/events.js";
import type { Item } from "./attribute-value.js";
import { writeUnits, type Consumed } from "./capacity.js";
import { indexKeyOf, type EncodedKey } from "./keys.js";
import type { DynamoState } from "./state.js";
import { keyAttributeNames, type IndexMeta, type TableMeta } from "./table-meta.js";
import { itemSize } from "./attribute-value.js";
import { itemCollectionSizeLimitExceeded } from "./errors.js";
import { appendStreamRecord } from "./streams/records.js";

/** A stored item; its JSON is parsed only when something looks at it (a plain PutItem never does). */
export class StoredItem {
  private parsed?: Item;
  constructor(
    readonly text: string,
    readonly size: number,
  ) {}
  get item(): Item {
    return (this.parsed ??= JSON.parse(this.text) as Item);
  }
}

export function readItem(st: DynamoState, table: TableMeta, key: EncodedKey): StoredItem | undefined {
  const row = st.items.peek(table.id, key, () => st.sql.getItem.get(table.id, key.pk, key.sk));
  return row ? new StoredItem(row.item, row.size) : undefined;
}

/**
 * Runs a write atomically: in a transaction when it spans several rows (index entries), directly
 * when it is one statement — handlers are synchronous, so no other request can interleave.
 */
export function atomically<T>(ctx: RequestContext, tables: TableMeta[], fn: () => T): T {
  return tables.length === 1 && tables[0]!.indexes.length === 0 && !tables[0]!.stream?.StreamEnabled && !tables[0]!.pitr ? fn() : ctx.store.txn(fn);
}

export function projectForIndex(table: TableMeta, index: IndexMeta, item: Item): Item {
  if (index.projection.ProjectionType === "ALL") return item;
  const out: Item = {};
  for (const name of keyAttributeNames(table, index)) if (item[name]) out[name] = item[name];
  for (const name of index.projection.NonKeyAttributes ?? []) if (item[name]) out[name] = item[name];
  return out;
}

/** Writes one index's entry for an item change; returns the write units it cost. */
function writeIndex(st: DynamoState, table: TableMeta, index: IndexMeta, key: EncodedKey, oldItem: Item | undefined, newItem: Item | undefined, newText: string | undefined): number {
  const oldK = oldItem && indexKeyOf(index, oldItem);
  const newK = newItem && indexKeyOf(index, newItem);
  if (!oldK && !newK) return 0;
  let units = 0;
  const sameKey = oldK && newK && oldK.pk.equals(newK.pk) && oldK.sk.equals(newK.sk);
  if (oldK && !sameKey) {
    st.sql.deleteIndexItem.run(table.id, index.id, oldK.pk, oldK.sk, key.pk, key.sk);
    units += writeUnits(itemSize(projectForIndex(table, index, oldItem!)));
  }
  if (newK) {
    const projected = index.projection.ProjectionType === "ALL" ? newItem! : projectForIndex(table, index, newItem!);
    const text = projected === newItem ? newText! : JSON.stringify(projected);
    if (sameKey && JSON.stringify(projectForIndex(table, index, oldItem!)) === text) return units;
    const size = projected === newItem ? itemSize(newItem) : itemSize(projected);
    st.sql.putIndexItem.run(table.id, index.id, newK.pk, newK.sk, key.pk, key.sk, text, size);
    units += writeUnits(size);
  }
  return units;
}

/**
 * Stores `newItem` (or deletes the item when undefined) with its index entries. Must run inside
 * `store.txn`. Returns the change record to publish after the commit.
 */
export function commitWrite(
  ctx: RequestContext,
  st: DynamoState,
  table: TableMeta,
  key: EncodedKey,
  keyItem: Item,
  old: StoredItem | undefined,
  newItem: Item | undefined,
  newSize: number,
  consumed: Consumed | undefined,
  knownText?: string,
): DynamoItemChanged | undefined {
  let newText: string | undefined;
  st.items.forget(table.id, key);
  st.backupCopies.preserve(table.id, key, old);
  if (newItem) {
    newText = knownText ?? JSON.stringify(newItem);
    // A write that changes nothing costs capacity but is no change: no row write, no stream record.
    if (old && old.text === newText) {
      if (consumed) consumed.table += writeUnits(newSize);
      return undefined;
    }
    st.sql.putItem.run(table.id, key.pk, key.sk, newText, newSize);
  } else if (old) st.sql.deleteItem.run(table.id, key.pk, key.sk);
  if (consumed) consumed.table += writeUnits(Math.max(old?.size ?? 0, newItem ? newSize : 0));
  for (const index of table.indexes) {
    const units = writeIndex(st, table, index, key, old?.item, newItem, newText);
    if (units && consumed) consumed.addIndex(index.name, index.kind, units);
  }
  if (newItem && newSize > (old?.size ?? 0)) checkItemCollectionSize(st, table, key);
  if (!old && !newItem) return undefined;
  if (table.stream?.StreamEnabled) appendStreamRecord(ctx, st, table, keyItem, key, old, newItem, newSize, newText);
  if (table.replicaRegions) st.backups.putVersion.run(table.id, key.pk, key.sk, ctx.clock.now(), ctx.region);
  if (table.pitr) st.backups.putHistory.run(table.id, key.pk, key.sk, ctx.clock.now(), newText ?? null, newItem ? newSize : 0);
  // Building the record (a getter, a sequence number) costs a few µs per write: only when someone listens.
  if (!ctx.bus.hasSubscribers("dynamo.ItemChanged")) return undefined;
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    tableName: table.name,
    tableArn: table.arn,
    eventName: !old ? "INSERT" : newItem ? "MODIFY" : "REMOVE",
    keys: keyItem,
    // Parsed only if a subscriber reads it.
    get oldImage() {
      return old?.item;
    },
    newImage: newItem,
    sequenceNumber: st.nextSequenceNumber(),
    approximateCreationDateTime: ctx.clock.now(),
    sizeBytes: newItem ? newSize : old!.size,
  };
}

export function publishChanges(ctx: RequestContext, changes: (DynamoItemChanged | undefined)[]): void {
  for (const c of changes) if (c) ctx.bus.publish("dynamo.ItemChanged", c);
}

/**
 * A table with local secondary indexes caps each item collection (a partition key's items plus
 * their LSI entries); a write that grows one past the cap fails, inside its transaction.
 */
function checkItemCollectionSize(st: DynamoState, table: TableMeta, key: EncodedKey): void {
  const lsis = table.indexes.filter((i) => i.kind === "LSI");
  if (lsis.length === 0) return;
  let bytes = st.sql.partitionSize.get(table.id, key.pk)?.bytes ?? 0;
  for (const index of lsis) bytes += st.sql.indexPartitionSize.get(table.id, index.id, key.pk)?.bytes ?? 0;
  if (bytes > st.config.itemCollectionSizeLimitBytes) throw itemCollectionSizeLimitExceeded(st.config.itemCollectionSizeLimitBytes);
}

/** ReturnItemCollectionMetrics for tables with local secondary indexes. */
export function itemCollectionMetrics(st: DynamoState, table: TableMeta, key: EncodedKey, keyItem: Item, wanted: unknown): Record<string, unknown> | undefined {
  if (wanted !== "SIZE" || !table.indexes.some((i) => i.kind === "LSI")) return undefined;
  const bytes = st.sql.partitionSize.get(table.id, key.pk)?.bytes ?? 0;
  const gb = bytes / 1024 ** 3;
  return { ItemCollectionKey: { [table.hash.name]: keyItem[table.hash.name] }, SizeEstimateRangeGB: [Math.floor(gb), Math.floor(gb) + 1] };
}
