import type { BatchWriteItemInput, BatchWriteItemOutput } from "@aws-sdk/client-dynamodb";
import type { DynamoItemChanged } from "../../core/events.js";
import { JsonText } from "../../core/protocols/index.js";
import { expectObject } from "../attribute-value.js";
import type { Consumed } from "../capacity.js";
import { validation } from "../errors.js";
import { applyWrite, prepareDelete, preparePut, readItem, type PreparedWrite } from "../prepared.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { itemCollectionMetrics, publishChanges } from "../writes.js";
import { dynamoOperation } from "../state.js";

interface WriteRequest {
  PutRequest?: { Item?: unknown };
  DeleteRequest?: { Key?: unknown };
}

/** The usual answer, as ready JSON text (no object to build and encode). */
const ALL_PROCESSED = new JsonText('{"UnprocessedItems":{}}');

export const batchWriteItem = dynamoOperation<BatchWriteItemInput, BatchWriteItemOutput>({
  name: "BatchWriteItem",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.required(input.RequestItems, "requestItems");
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.oneOf(input.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", ["SIZE", "NONE"]);
    c.throwIfAny();
    const requestItems = expectObject(input.RequestItems) as Record<string, WriteRequest[]>;
    const names = Object.keys(requestItems);
    if (names.length === 0) throw validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    let total = 0;
    for (const n of names) total += (requestItems[n] ?? []).length;
    if (total > 25) throw validation("Too many items requested for the BatchWriteItem call");
    const writes: PreparedWrite[] = [];
    const perTable = new Map<string, Consumed | undefined>();
    for (const name of names) {
      const table = dataTable(ctx, st, name);
      const requests = requestItems[name]!;
      if (requests.length === 0) throw validation(`1 validation error detected: Value '[]' at 'requestItems.${name}.member' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      const seen = new Set<string>();
      for (const r of requests) {
        if ((r.PutRequest ? 1 : 0) + (r.DeleteRequest ? 1 : 0) !== 1) {
          throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        const w = r.PutRequest ? preparePut(ctx, st, { Item: r.PutRequest.Item }, table) : prepareDelete(ctx, st, { Key: r.DeleteRequest!.Key }, table);
        // latin1 maps bytes to chars one to one; the length prefix keeps (pk, sk) pairs apart.
        const id = `${w.key.pk.length}:${w.key.pk.toString("latin1")}${w.key.sk.toString("latin1")}`;
        if (seen.has(id)) throw validation("Provided list of item keys contains duplicates");
        seen.add(id);
        writes.push(w);
      }
      perTable.set(name, consumedFor(st, ctx, table, "write", input.ReturnConsumedCapacity));
    }
    const changes: (DynamoItemChanged | undefined)[] = ctx.store.txn(() =>
      writes.map((w) => applyWrite(ctx, st, w, readItem(st, w.table, w.key), perTable.get(w.table.name) ?? perTable.get(w.table.arn)).change),
    );
    publishChanges(ctx, changes);
    const capacity = [...perTable.values()].map((cons) => capacityOut(st, ctx, cons, input.ReturnConsumedCapacity)).filter((x) => x !== undefined);
    let metrics: Record<string, unknown[]> | undefined;
    if (input.ReturnItemCollectionMetrics === "SIZE") {
      metrics = {};
      for (const w of writes) {
        const m = itemCollectionMetrics(st, w.table, w.key, w.keyItem, "SIZE");
        if (m) (metrics[w.table.name] ??= []).push(m);
      }
    }
    if (!capacity.length && !metrics) return ALL_PROCESSED as BatchWriteItemOutput;
    return output({
      UnprocessedItems: {},
      ConsumedCapacity: capacity.length ? capacity : undefined,
      ItemCollectionMetrics: metrics,
    }) as BatchWriteItemOutput;
  },
});
