/** Pieces every item operation shares: parameter checks, the condition check, returned values. */
import type { Item } from "./attribute-value.js";
import { Consumed, type CapacityMode } from "./capacity.js";
import { conditionalCheckFailed, validation } from "./errors.js";
import { evalCondition, type Condition } from "./expressions/index.js";
import type { TableMeta } from "./table-meta.js";
import { Constraints } from "./validation.js";

export const MAX_ITEM_BYTES = 400 * 1024;

export function checkItemSize(size: number): void {
  if (size > MAX_ITEM_BYTES) throw validation("Item size has exceeded the maximum allowed size");
}

export interface CommonWriteInput {
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
  ReturnValuesOnConditionCheckFailure?: string;
}

export function checkCommon(c: Constraints, input: CommonWriteInput): void {
  c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
  c.oneOf(input.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", ["SIZE", "NONE"]);
  c.oneOf(input.ReturnValuesOnConditionCheckFailure, "returnValuesOnConditionCheckFailure", ["ALL_OLD", "NONE"]);
}

export function consumedFor(table: TableMeta, kind: "read" | "write", mode: string | undefined): Consumed | undefined {
  return mode === "TOTAL" || mode === "INDEXES" ? new Consumed(table, kind) : undefined;
}

export function capacityOut(consumed: Consumed | undefined, mode: string | undefined): Record<string, unknown> | undefined {
  return consumed?.toWire(mode as CapacityMode);
}

/** Throws ConditionalCheckFailedException (with the old item when asked) unless `cond` holds. */
export function checkCondition(cond: Condition | undefined, old: Item | undefined, returnOnFailure: string | undefined): void {
  if (cond && !evalCondition(cond, old ?? {})) throw conditionalCheckFailed(returnOnFailure === "ALL_OLD" ? old : undefined);
}

/** Leaves out undefined members so the JSON stays as small as DynamoDB's. */
export function output<T extends Record<string, unknown>>(o: T): T {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
}
