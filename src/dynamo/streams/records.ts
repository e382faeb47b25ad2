/**
 * Stream records, written to the durable event log in the same transaction as the item change
 * (`commitWrite` calls `appendStreamRecord` when the table has a stream). A record carries the
 * images its stream's view type asks for; the TTL sweeper's deletions carry the service identity.
 */
import type { RequestContext } from "../../core/context.js";
import type { DynamoItemChanged } from "../../core/events.js";
import { itemSize, type Item } from "../attribute-value.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";

/** Contexts of the TTL sweeper: their deletions are the service's, not a user's. */
const serviceContexts = new WeakSet<object>();

export function markServiceContext(ctx: object): void {
  serviceContexts.add(ctx);
}

export function streamArnOf(table: TableMeta): string | undefined {
  return table.stream?.StreamEnabled && table.streamLabel ? `${table.arn}/stream/${table.streamLabel}` : undefined;
}

/** Appends the record of one committed change; call inside the write's transaction. */
export function appendStreamRecord(
  ctx: RequestContext,
  st: DynamoState,
  table: TableMeta,
  keyItem: Item,
  old: { item: Item; size: number; text?: string } | undefined,
  newItem: Item | undefined,
  newSize: number,
  newText?: string,
): void {
  const streamArn = streamArnOf(table);
  if (!streamArn || (!old && !newItem)) return;
  const view = table.stream!.StreamViewType ?? "KEYS_ONLY";
  const withNew = newItem !== undefined && (view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES");
  const withOld = old !== undefined && (view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES");
  const record: DynamoItemChanged = {
    accountId: ctx.accountId,
    region: ctx.region,
    tableName: table.name,
    tableArn: table.arn,
    streamArn,
    streamViewType: view,
    eventName: !old ? "INSERT" : newItem ? "MODIFY" : "REMOVE",
    keys: keyItem,
    sequenceNumber: st.nextSequenceNumber(),
    approximateCreationDateTime: ctx.clock.now(),
    sizeBytes: itemSize(keyItem) + (withNew ? newSize : 0) + (withOld ? old.size : 0),
    ...(serviceContexts.has(ctx) ? { userIdentity: { type: "Service" as const, principalId: "dynamodb.amazonaws.com" as const } } : {}),
  };
  // The log's text splices the images' stored texts (no parse of the old item, no second
  // serialization of either); the object's old image is parsed only if a consumer reads it.
  let text = JSON.stringify(record).slice(0, -1);
  if (withOld) {
    const stored = old;
    Object.defineProperty(record, "oldImage", { get: () => stored.item, enumerable: true });
    text += `,"oldImage":${stored.text ?? JSON.stringify(stored.item)}`;
  }
  if (withNew) {
    record.newImage = newItem;
    text += `,"newImage":${newText ?? JSON.stringify(newItem)}`;
  }
  text += "}";
  // Partitioned by item: records of one key stay in order (AWS's per-key ordering).
  ctx.eventLog.append("dynamo.ItemChanged", record, `${table.arn}\u0000${JSON.stringify(keyItem)}`, text);
}
