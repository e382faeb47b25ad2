import type { GetItemInput, GetItemOutput } from "@aws-sdk/client-dynamodb";
import { JsonText } from "../../core/protocols/index.js";
import type { Item } from "../attribute-value.js";
import { readUnits } from "../capacity.js";
import { parseExpressions, project } from "../expressions/index.js";
import { keyFromInput } from "../keys.js";
import { legacyProjection } from "../legacy.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { dataTable } from "../tables.js";
import { dynamoOperation } from "../state.js";

const EMPTY = new JsonText("{}");

export const getItem = dynamoOperation<GetItemInput, GetItemOutput>({
  name: "GetItem",
  handle(input, ctx, st) {
    const table = dataTable(ctx, st, input.TableName);
    const key = keyFromInput(table, input.Key);
    const exprs = parseExpressions(input);
    const projection = exprs.projection ?? legacyProjection(input);
    const row = st.items.get(table.id, key, () => st.sql.getItem.get(table.id, key.pk, key.sk));
    // The hot path: the stored JSON is the response's Item as it is.
    const consumed = consumedFor(st, ctx, table, "read", input.ReturnConsumedCapacity);
    if (!projection && !consumed) return (row ? new JsonText(`{"Item":${row.item}}`) : EMPTY) as GetItemOutput;
    if (consumed) consumed.table = readUnits(row?.size ?? 0, input.ConsistentRead === true);
    if (!row) return output({ ConsumedCapacity: capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity, true) }) as GetItemOutput;
    const item = JSON.parse(row.item) as Item;
    return output({
      Item: projection ? project(item, projection) : item,
      ConsumedCapacity: capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity, true),
    }) as GetItemOutput;
  },
});
