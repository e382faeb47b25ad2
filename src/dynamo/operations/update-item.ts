import type { UpdateItemInput, UpdateItemOutput } from "@aws-sdk/client-dynamodb";
import type { Item } from "../attribute-value.js";
import { project } from "../expressions/index.js";
import { applyWrite, prepareUpdate, readItem, type Applied } from "../prepared.js";
import { capacityOut, checkCondition, consumedFor, output } from "../requests.js";
import { dataTable } from "../tables.js";
import { atomically, itemCollectionMetrics, publishChanges } from "../writes.js";
import { dynamoOperation } from "../state.js";

export const updateItem = dynamoOperation<UpdateItemInput, UpdateItemOutput>({
  name: "UpdateItem",
  handle(input, ctx, st) {
    // Members' types and constraints were checked from the model (validate-model.ts).
    const table = dataTable(ctx, st, input.TableName);
    const w = prepareUpdate(ctx, st, input, table);
    st.locks.throwIfHeld(table.id, w.key);
    const consumed = consumedFor(st, ctx, table, "write", input.ReturnConsumedCapacity);
    const done: Applied = atomically(ctx, [table], () => {
      const old = readItem(st, table, w.key);
      checkCondition(w.condition, old, input.ReturnValuesOnConditionCheckFailure);
      return applyWrite(ctx, st, w, old, consumed);
    });
    publishChanges(ctx, [done.change]);
    const paths = w.actions!.map((a) => a.path);
    const old = done.old?.item;
    let attributes: Item | undefined;
    switch (input.ReturnValues) {
      case "ALL_OLD":
        attributes = old;
        break;
      case "ALL_NEW":
        attributes = done.item;
        break;
      case "UPDATED_OLD":
        attributes = old && project(old, paths);
        break;
      case "UPDATED_NEW":
        attributes = done.item && project(done.item, paths);
        break;
    }
    if (attributes && Object.keys(attributes).length === 0) attributes = undefined;
    return output({
      Attributes: attributes,
      ConsumedCapacity: capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity, true),
      ItemCollectionMetrics: itemCollectionMetrics(st, table, w.key, w.keyItem, input.ReturnItemCollectionMetrics),
    }) as UpdateItemOutput;
  },
});
