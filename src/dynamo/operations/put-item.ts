import type { PutItemInput, PutItemOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { checkItem, type Item } from "../attribute-value.js";
import { validation } from "../errors.js";
import { parseExpressions } from "../expressions/index.js";
import { checkIndexKeys, keyAttributes, keyFromItem } from "../keys.js";
import { legacyCondition } from "../legacy.js";
import { capacityOut, checkCommon, checkCondition, checkItemSize, consumedFor, output } from "../requests.js";
import { stateOf } from "../state.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { commitWrite, itemCollectionMetrics, publishChanges, readItem, type StoredItem } from "../writes.js";
import type { DynamoItemChanged } from "../../core/events.js";

export const putItem = defineOperation<PutItemInput, PutItemOutput>({
  name: "PutItem",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    c.tableName(input.TableName);
    c.required(input.Item, "item");
    c.oneOf(input.ReturnValues, "returnValues", ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
    checkCommon(c, input);
    c.throwIfAny();
    const table = dataTable(ctx, st, input.TableName);
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw validation("ReturnValues can only be ALL_OLD or NONE");
    const exprs = parseExpressions(input);
    const condition = exprs.condition ?? legacyCondition(input);
    const item = input.Item as Item;
    const size = checkItem(item);
    checkItemSize(size);
    const key = keyFromItem(table, item);
    checkIndexKeys(table, item);
    const consumed = consumedFor(table, "write", input.ReturnConsumedCapacity);
    let change: DynamoItemChanged | undefined;
    const keyItem = keyAttributes(table, item);
    const old: StoredItem | undefined = ctx.store.txn(() => {
      const prev = readItem(st, table, key);
      checkCondition(condition, prev?.item, input.ReturnValuesOnConditionCheckFailure);
      change = commitWrite(ctx, st, table, key, keyItem, prev, item, size, consumed);
      return prev;
    });
    publishChanges(ctx, [change]);
    return output({
      Attributes: input.ReturnValues === "ALL_OLD" ? old?.item : undefined,
      ConsumedCapacity: capacityOut(consumed, input.ReturnConsumedCapacity),
      ItemCollectionMetrics: itemCollectionMetrics(st, table, key, keyItem, input.ReturnItemCollectionMetrics),
    }) as PutItemOutput;
  },
});
