import type { RequestContext } from "../core/context.js";
import { applyWrite, readItem, type Applied, type PreparedWrite } from "./prepared.js";
import { capacityOut, checkCondition, consumedFor } from "./requests.js";
import type { DynamoState } from "./state.js";
import type { TableMeta } from "./table-meta.js";
import { atomically, itemCollectionMetrics, publishChanges } from "./writes.js";

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
  const consumed = consumedFor(ctx, table, "write", input.ReturnConsumedCapacity);
  const done: Applied = atomically(ctx, [table], () => {
    const old = readItem(st, table, w.key);
    checkCondition(w.condition, old, input.ReturnValuesOnConditionCheckFailure);
    return applyWrite(ctx, st, w, old, consumed);
  });
  publishChanges(ctx, [done.change]);
  return {
    Attributes: input.ReturnValues === "ALL_OLD" ? done.old?.item : undefined,
    ConsumedCapacity: capacityOut(ctx, consumed, input.ReturnConsumedCapacity),
    ItemCollectionMetrics: itemCollectionMetrics(st, table, w.key, w.keyItem, input.ReturnItemCollectionMetrics),
  };
}
