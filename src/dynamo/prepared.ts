/**
 * Item writes prepared outside the transaction (validation, parsing) and applied inside it.
 * PutItem, DeleteItem, UpdateItem, BatchWriteItem and TransactWriteItems all go through here.
 */
import type { RequestContext } from "../core/context.js";
import type { DynamoItemChanged } from "../core/events.js";
import { checkItem, itemSize, numbersRewritten, type Item } from "./attribute-value.js";
import type { Consumed } from "./capacity.js";
import { validation } from "./errors.js";
import { applyUpdate, checkUpdate, parseExpressions, type Condition, type UpdateAction } from "./expressions/index.js";
import { canonicalMemberText } from "./item-text.js";
import { checkIndexKeys, keyAttributes, keyFromInput, keyFromItem, type EncodedKey } from "./keys.js";
import { legacyCondition, legacyUpdate } from "./legacy.js";
import { checkItemSize } from "./requests.js";
import type { DynamoState } from "./state.js";
import { keyAttributeNames, type TableMeta } from "./table-meta.js";
import { dataTable } from "./tables.js";
import { commitWrite, readItem, type StoredItem } from "./writes.js";

export interface PreparedWrite {
  kind: "Put" | "Delete" | "Update" | "ConditionCheck";
  table: TableMeta;
  key: EncodedKey;
  keyItem: Item;
  condition?: Condition;
  actions?: UpdateAction[];
  /** The item after the write (undefined: deleted), and its JSON when known; not called for ConditionCheck. */
  next(old: StoredItem | undefined): NextItem;
}

export interface NextItem {
  item?: Item;
  size: number;
  text?: string;
}

interface WriteInput {
  TableName?: string;
  Item?: unknown;
  Key?: unknown;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * `body`: the JSON text `input` was parsed from, when its `Item` is a top-level member (PutItem):
 * the item's text as sent is stored as it is if it is canonical and validation rewrote no number.
 */
export function preparePut(ctx: RequestContext, st: DynamoState, input: WriteInput, table = dataTable(ctx, st, input.TableName), body?: string): PreparedWrite {
  const exprs = parseExpressions(input);
  const condition = exprs.condition ?? legacyCondition(input);
  const item = input.Item as Item;
  const rewritten = numbersRewritten();
  const size = checkItem(item);
  checkItemSize(size);
  const key = keyFromItem(table, item);
  checkIndexKeys(table, item);
  const text = body !== undefined && numbersRewritten() === rewritten ? canonicalMemberText(body, "Item") : undefined;
  const next: NextItem = { item, size, text };
  return { kind: "Put", table, key, keyItem: keyAttributes(table, item), condition, next: () => next };
}

export function prepareDelete(ctx: RequestContext, st: DynamoState, input: WriteInput, table = dataTable(ctx, st, input.TableName)): PreparedWrite {
  const key = keyFromInput(table, input.Key);
  const exprs = parseExpressions(input);
  return { kind: "Delete", table, key, keyItem: key.key, condition: exprs.condition ?? legacyCondition(input), next: () => ({ size: 0 }) };
}

export function prepareCheck(ctx: RequestContext, st: DynamoState, input: WriteInput): PreparedWrite {
  const table = dataTable(ctx, st, input.TableName);
  const key = keyFromInput(table, input.Key);
  if (input.ConditionExpression === undefined) throw validation("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
  const exprs = parseExpressions(input);
  return { kind: "ConditionCheck", table, key, keyItem: key.key, condition: exprs.condition, next: () => ({ size: 0 }) };
}

export function prepareUpdate(ctx: RequestContext, st: DynamoState, input: WriteInput, table = dataTable(ctx, st, input.TableName)): PreparedWrite {
  const key = keyFromInput(table, input.Key);
  const exprs = parseExpressions(input);
  const actions = exprs.update ?? legacyUpdate(input) ?? [];
  checkUpdate(actions, keyAttributeNames(table));
  return {
    kind: "Update",
    table,
    key,
    keyItem: key.key,
    condition: exprs.condition ?? legacyCondition(input),
    actions,
    next(old) {
      const item = applyUpdate(old?.item ?? key.key, actions);
      const size = itemSize(item);
      checkItemSize(size);
      checkIndexKeys(table, item);
      return { item, size };
    },
  };
}

export interface Applied {
  old?: StoredItem;
  item?: Item;
  change?: DynamoItemChanged;
}

/** Applies a prepared write inside the caller's transaction (its condition already checked). */
export function applyWrite(
  ctx: RequestContext,
  st: DynamoState,
  w: PreparedWrite,
  old: StoredItem | undefined,
  consumed: Consumed | undefined,
  computed?: NextItem,
): Applied {
  if (w.kind === "ConditionCheck") {
    if (consumed) consumed.table += 1;
    return { old };
  }
  const { item, size, text } = computed ?? w.next(old);
  const change = commitWrite(ctx, st, w.table, w.key, w.keyItem, old, item, size, consumed, text);
  return { old, item, change };
}

export { readItem };
