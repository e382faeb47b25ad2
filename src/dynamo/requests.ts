/** Pieces every item operation shares: parameter checks, the condition check, returned values. */
import type { Item } from "./attribute-value.js";
import type { RequestContext } from "../core/context.js";
import { Consumed, type CapacityMode } from "./capacity.js";
import { meteredTable, recordUsage, throttleIfExhausted } from "./throughput.js";
import { conditionalCheckFailed, validation } from "./errors.js";
import { evalCondition, type Condition } from "./expressions/index.js";
import type { TableMeta } from "./table-meta.js";
import type { DynamoState } from "./state.js";

export const MAX_ITEM_BYTES = 400 * 1024;

export function checkItemSize(size: number): void {
  if (size > MAX_ITEM_BYTES) throw validation("Item size has exceeded the maximum allowed size");
}

/**
 * The capacity meter of one operation on one table: present when the caller asked for
 * ConsumedCapacity, or when opt-in throughput enforcement applies (which may throttle here).
 */
export function consumedFor(st: DynamoState, ctx: RequestContext, table: TableMeta, kind: "read" | "write", mode: string | undefined): Consumed | undefined {
  if (meteredTable(st, ctx, table)) {
    throttleIfExhausted(st, ctx, table, kind);
    return new Consumed(table, kind, true);
  }
  return mode === "TOTAL" || mode === "INDEXES" ? new Consumed(table, kind) : undefined;
}

/** Records metered usage and renders ConsumedCapacity as asked. */
export function capacityOut(st: DynamoState, ctx: RequestContext, consumed: Consumed | undefined, mode: string | undefined, singleItem = false): Record<string, unknown> | undefined {
  if (consumed?.metered) recordUsage(st, ctx, consumed);
  return consumed?.toWire(mode as CapacityMode, singleItem);
}

/** Throws ConditionalCheckFailedException (with the old item when asked) unless `cond` holds. */
export function checkCondition(cond: Condition | undefined, old: { item: Item } | undefined, returnOnFailure: string | undefined): void {
  if (cond && !evalCondition(cond, old?.item ?? {})) throw conditionalCheckFailed(returnOnFailure === "ALL_OLD" ? old?.item : undefined);
}

/** Leaves out undefined members so the JSON stays as small as DynamoDB's. */
export function output<T extends Record<string, unknown>>(o: T): T {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
}
