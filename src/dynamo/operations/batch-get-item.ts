import type { BatchGetItemInput, BatchGetItemOutput } from "@aws-sdk/client-dynamodb";
import { expectObject, type Item } from "../attribute-value.js";
import { readUnits } from "../capacity.js";
import { validation } from "../errors.js";
import { parseExpressions, project } from "../expressions/index.js";
import { keyFromInput } from "../keys.js";
import { legacyProjection } from "../legacy.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

interface KeysAndAttributes {
  Keys?: unknown[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
}

/** A BatchGetItem response holds at most 16 MB; the rest comes back as UnprocessedKeys. */
const RESPONSE_BYTES = 16 * 1024 * 1024;

export const batchGetItem = dynamoOperation<BatchGetItemInput, BatchGetItemOutput>({
  name: "BatchGetItem",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.required(input.RequestItems, "requestItems");
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.throwIfAny();
    const requestItems = expectObject(input.RequestItems) as Record<string, KeysAndAttributes>;
    const names = Object.keys(requestItems);
    if (names.length === 0) throw validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    let total = 0;
    for (const n of names) total += requestItems[n]?.Keys?.length ?? 0;
    if (total > 100) throw validation("Too many items requested for the BatchGetItem call");
    const responses: Record<string, Item[]> = {};
    const unprocessed: Record<string, KeysAndAttributes> = {};
    const capacity: Record<string, unknown>[] = [];
    let bytes = 0;
    for (const name of names) {
      const req = requestItems[name]!;
      const table = dataTable(ctx, st, name);
      if (!req.Keys?.length) throw validation(`1 validation error detected: Value null at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must not be null`);
      const exprs = parseExpressions(req);
      const projection = exprs.projection ?? legacyProjection(req);
      const seen = new Set<string>();
      const keys = req.Keys.map((k) => {
        const key = keyFromInput(table, k);
        const id = `${key.pk.toString("hex")}/${key.sk.toString("hex")}`;
        if (seen.has(id)) throw validation("Provided list of item keys contains duplicates");
        seen.add(id);
        return key;
      });
      const consumed = consumedFor(st, ctx, table, "read", input.ReturnConsumedCapacity);
      const items: Item[] = (responses[name] = []);
      keys.forEach((key, i) => {
        if (bytes > RESPONSE_BYTES) {
          (unprocessed[name] ??= { ...req, Keys: [] }).Keys!.push(req.Keys![i]);
          return;
        }
        const row = st.sql.getItem.get(table.id, key.pk, key.sk);
        if (consumed) consumed.table += readUnits(row?.size ?? 0, req.ConsistentRead === true);
        if (!row) return;
        bytes += row.size;
        const item = JSON.parse(row.item) as Item;
        items.push(projection ? project(item, projection) : item);
      });
      const out = capacityOut(st, ctx, consumed, input.ReturnConsumedCapacity);
      if (out) capacity.push(out);
    }
    return output({ Responses: responses, UnprocessedKeys: unprocessed, ConsumedCapacity: capacity.length ? capacity : undefined }) as BatchGetItemOutput;
  },
});
