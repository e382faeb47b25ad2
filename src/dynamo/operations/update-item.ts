import type { UpdateItemInput, UpdateItemOutput } from "@aws-sdk/client-dynamodb";
import type { DynamoItemChanged } from "../../core/events.js";
import { defineOperation } from "../../core/service.js";
import { itemSize, type Item } from "../attribute-value.js";
import { applyUpdate, checkUpdate, parseExpressions, project } from "../expressions/index.js";
import { checkIndexKeys, keyFromInput } from "../keys.js";
import { legacyCondition, legacyUpdate } from "../legacy.js";
import { capacityOut, checkCommon, checkCondition, checkItemSize, consumedFor, output } from "../requests.js";
import { stateOf } from "../state.js";
import { keyAttributeNames } from "../table-meta.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { commitWrite, itemCollectionMetrics, publishChanges, readItem } from "../writes.js";

export const updateItem = defineOperation<UpdateItemInput, UpdateItemOutput>({
  name: "UpdateItem",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    c.tableName(input.TableName);
    c.required(input.Key, "key");
    c.oneOf(input.ReturnValues, "returnValues", ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
    checkCommon(c, input);
    c.throwIfAny();
    const table = dataTable(ctx, st, input.TableName);
    const key = keyFromInput(table, input.Key);
    const exprs = parseExpressions(input);
    const actions = exprs.update ?? legacyUpdate(input) ?? [];
    const condition = exprs.condition ?? legacyCondition(input);
    checkUpdate(actions, keyAttributeNames(table));
    const consumed = consumedFor(table, "write", input.ReturnConsumedCapacity);
    let change: DynamoItemChanged | undefined;
    const { old, next } = ctx.store.txn(() => {
      const prev = readItem(st, table, key);
      checkCondition(condition, prev?.item, input.ReturnValuesOnConditionCheckFailure);
      const nextItem: Item = applyUpdate(prev?.item ?? key.key, actions);
      const size = itemSize(nextItem);
      checkItemSize(size);
      checkIndexKeys(table, nextItem);
      change = commitWrite(ctx, st, table, key, key.key, prev, nextItem, size, consumed);
      return { old: prev?.item, next: nextItem };
    });
    publishChanges(ctx, [change]);
    const paths = actions.map((a) => a.path);
    let attributes: Item | undefined;
    switch (input.ReturnValues) {
      case "ALL_OLD":
        attributes = old;
        break;
      case "ALL_NEW":
        attributes = next;
        break;
      case "UPDATED_OLD":
        attributes = old && project(old, paths);
        break;
      case "UPDATED_NEW":
        attributes = project(next, paths);
        break;
    }
    if (attributes && Object.keys(attributes).length === 0) attributes = undefined;
    return output({
      Attributes: attributes,
      ConsumedCapacity: capacityOut(consumed, input.ReturnConsumedCapacity),
      ItemCollectionMetrics: itemCollectionMetrics(st, table, key, key.key, input.ReturnItemCollectionMetrics),
    }) as UpdateItemOutput;
  },
});
