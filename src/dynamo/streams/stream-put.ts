/**
 * A PutItem on a table whose stream is the only thing that needs its old item (no condition, no
 * ReturnValues, no capacity, no index, no replica, no point-in-time recovery, no backup being
 * copied, no bus subscriber): the item and its stream record are written by one SQL statement
 * (store.ts StreamPutStmt). Its trigger reads the old row, appends the record to the event log —
 * event name, size and old image from that row, new image from the item's text, nothing when the
 * put changes nothing — and replaces the row. One call into SQLite instead of a transaction of
 * four, and the old item never crosses into JavaScript; the statement is atomic as the
 * transaction was, so the record exists if and only if the write committed.
 */
import type { RequestContext } from "../../core/context.js";
import { itemSize, type Item } from "../attribute-value.js";
import type { EncodedKey } from "../keys.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";
import { isServiceContext } from "./records.js";

/** The table's side of the conditions above (the request's side is the caller's). */
export function putsWithRecordInOneStatement(ctx: RequestContext, st: DynamoState, table: TableMeta): boolean {
  return (
    table.stream?.StreamEnabled === true &&
    table.streamLabel !== undefined &&
    table.indexes.length === 0 &&
    !table.pitr &&
    !table.replicaRegions &&
    !st.backupCopies.copying(table.id) &&
    !isServiceContext(ctx) &&
    !ctx.bus.hasSubscribers("dynamo.ItemChanged")
  );
}

export function putWithRecord(ctx: RequestContext, st: DynamoState, table: TableMeta, key: EncodedKey, keyItem: Item, text: string, size: number): void {
  const view = table.stream!.StreamViewType ?? "KEYS_ONLY";
  const withNew = view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES";
  const withOld = view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES";
  const now = ctx.clock.now();
  const mid = `","keys":${JSON.stringify(keyItem)},"sequenceNumber":"${st.nextSequenceNumber()}","approximateCreationDateTime":${now},"sizeBytes":`;
  const seq = ctx.eventLog.reserve();
  st.items.forget(table.id, key);
  st.sql.streamPut.run(table.id, key.pk, key.sk, text, size, seq, now, st.streamHeads.headText(ctx.accountId, ctx.region, table, view), mid, itemSize(keyItem) + (withNew ? size : 0), withOld, withNew);
  ctx.eventLog.appended("dynamo.ItemChanged", seq, { accountId: ctx.accountId, region: ctx.region, tableName: table.name });
}
