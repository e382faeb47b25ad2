import type { RequestContext } from "../core/context.js";
import { applyWrite, readItem, type Applied, type PreparedWrite } from "./prepared.js";
import { capacityOut, checkCondition, consumedFor } from "./requests.js";
import type { TableMeta } from "./table-meta.js";
import { atomically, itemCollectionMetrics, publishChanges } from "./writes.js";
import type { DynamoState } from "./state.js";
import { putWithRecord, putsWithRecordInOneStatement } from "./streams/stream-put.js";

interface SingleWriteInput {
  ReturnValues?: string;
  ReturnValuesOnConditionCheckFailure?: string;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export type SingleWriteResult = {
  Attributes?: Record<string, unknown>;
  ConsumedCapacity?: Record<string, unknown>;
  ItemCollectionMetrics?: Record<string, unknown>;
};

/**
 * The shared path of PutItem and DeleteItem once the write is prepared: the condition against the
 * stored item, one atomic write, the change fact, and the parts of the answer (old item for
 * ReturnValues ALL_OLD, capacity, item collection metrics).
 */
export function commitSingleWrite(ctx: RequestContext, st: DynamoState, table: TableMeta, w: PreparedWrite, input: SingleWriteInput): SingleWriteResult {
  st.locks.throwIfHeld(table.id, w.key);
  const consumed = consumedFor(st, ctx, table, "write", input.ReturnConsumedCapacity);
  // A plain Put nobody asks about (no condition, old item, capacity, index or subscriber) needs no
  // old image: INSERT OR REPLACE does the rest, so the read is skipped.
  const plainPut = w.kind === "Put" && !w.condition && input.ReturnValues !== "ALL_OLD" && !consumed;
  // With a stream as the only follower, the record is built from the old row by SQL (stream-put.ts).
  if (plainPut && putsWithRecordInOneStatement(ctx, st, table)) {
    const next = w.next(undefined);
    putWithRecord(ctx, st, table, w.key, w.keyItem, next.text ?? JSON.stringify(next.item), next.size);
    return {};
  }
  const blind = plainPut && table.indexes.length === 0 && !table.stream?.StreamEnabled && !st.backupCopies.copying(table.id) && !ctx.bus.hasSubscribers("dynamo.ItemChanged");
  const done: Applied = atomically(ctx, [table], () => {
    const old = blind ? undefined : readItem(st, table, w.key);
    checkCondition(w.condition, old, input.ReturnValuesOnConditionCheckFailure);
    return applyWrite(ctx, st, w, old, consumed);
  });
  publishChanges(ctx, [done.change]);
  return {
    Attributes: input.ReturnValues === "ALL_OLD" ? done.old?.item : undefined,
    ConsumedCapacity: capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity, true),
    ItemCollectionMetrics: itemCollectionMetrics(st, table, w.key, w.keyItem, input.ReturnItemCollectionMetrics),
  };
}
