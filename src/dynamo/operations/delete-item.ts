import type { DeleteItemInput, DeleteItemOutput } from "@aws-sdk/client-dynamodb";
import type { DynamoItemChanged } from "../../core/events.js";
import { defineOperation } from "../../core/service.js";
import { validation } from "../errors.js";
import { parseExpressions } from "../expressions/index.js";
import { keyFromInput } from "../keys.js";
import { legacyCondition } from "../legacy.js";
import { capacityOut, checkCommon, checkCondition, consumedFor, output } from "../requests.js";
import { stateOf } from "../state.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { commitWrite, itemCollectionMetrics, publishChanges, readItem, type StoredItem } from "../writes.js";

export const deleteItem = defineOperation<DeleteItemInput, DeleteItemOutput>({
  name: "DeleteItem",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    c.tableName(input.TableName);
    c.required(input.Key, "key");
    c.oneOf(input.ReturnValues, "returnValues", ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
    checkCommon(c, input);
    c.throwIfAny();
    const table = dataTable(ctx, st, input.TableName);
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw validation("ReturnValues can only be ALL_OLD or NONE");
    const key = keyFromInput(table, input.Key);
    const exprs = parseExpressions(input);
    const condition = exprs.condition ?? legacyCondition(input);
    const consumed = consumedFor(table, "write", input.ReturnConsumedCapacity);
    let change: DynamoItemChanged | undefined;
    const old: StoredItem | undefined = ctx.store.txn(() => {
      const prev = readItem(st, table, key);
      checkCondition(condition, prev?.item, input.ReturnValuesOnConditionCheckFailure);
      change = commitWrite(ctx, st, table, key, key.key, prev, undefined, 0, consumed);
      return prev;
    });
    publishChanges(ctx, [change]);
    return output({
      Attributes: input.ReturnValues === "ALL_OLD" ? old?.item : undefined,
      ConsumedCapacity: capacityOut(consumed, input.ReturnConsumedCapacity),
      ItemCollectionMetrics: itemCollectionMetrics(st, table, key, key.key, input.ReturnItemCollectionMetrics),
    }) as DeleteItemOutput;
  },
});
