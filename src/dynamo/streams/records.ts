/**
 * Stream records, written to the durable event log in the same transaction as the item change
 * (`commitWrite` calls `appendStreamRecord` when the table has a stream). A record carries the
 * images its stream's view type asks for; the TTL sweeper's deletions carry the service identity.
 */
import type { RequestContext } from "../../core/context.js";
import type { DynamoItemChanged } from "../../core/events.js";
import { itemSize, type Item } from "../attribute-value.js";
import type { DynamoState } from "../state.js";
import type { EncodedKey } from "../keys.js";
import { itemPartition } from "../store.js";
import type { TableMeta } from "../table-meta.js";

/** Contexts of the TTL sweeper: their deletions are the service's, not a user's. */
const serviceContexts = new WeakSet<object>();

export function markServiceContext(ctx: object): void {
  serviceContexts.add(ctx);
}

export function isServiceContext(ctx: object): boolean {
  return serviceContexts.has(ctx);
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
  key: EncodedKey,
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
  const record = new StreamRecord(
    ctx.accountId,
    ctx.region,
    table.name,
    table.arn,
    streamArn,
    view,
    !old ? "INSERT" : newItem ? "MODIFY" : "REMOVE",
    keyItem,
    st.nextSequenceNumber(),
    ctx.clock.now(),
    itemSize(keyItem) + (withNew ? newSize : 0) + (withOld ? old.size : 0),
    serviceContexts.has(ctx) ? SERVICE_IDENTITY : undefined,
    withOld ? old : undefined,
    withNew ? newItem : undefined,
  );
  // The log's text splices the images' stored texts (no parse of the old item, no second
  // serialization of either) after the id of the fields every record of this stream shares.
  let text = `${st.streamHeads.headText(ctx.accountId, ctx.region, table, view)}${record.eventName}","keys":${JSON.stringify(keyItem)},"sequenceNumber":"${record.sequenceNumber}","approximateCreationDateTime":${record.approximateCreationDateTime},"sizeBytes":${record.sizeBytes}`;
  if (record.userIdentity) text += `,"userIdentity":${JSON.stringify(record.userIdentity)}`;
  if (withOld) text += `,"oldImage":${old.text ?? JSON.stringify(old.item)}`;
  if (withNew) text += `,"newImage":${newText ?? JSON.stringify(newItem)}`;
  text += "}";
  // Partitioned by item: records of one key stay in order (AWS's per-key ordering).
  ctx.eventLog.append("dynamo.ItemChanged", record, itemPartition(table.id, key.pk, key.sk), text);
}

const SERVICE_IDENTITY = { type: "Service" as const, principalId: "dynamodb.amazonaws.com" as const };

/**
 * A record as live consumers receive it (one shape for every record: no per-record property
 * additions). The old image is parsed from its stored text only if a consumer reads it.
 */
class StreamRecord implements DynamoItemChanged {
  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly tableName: string,
    readonly tableArn: string,
    readonly streamArn: string,
    readonly streamViewType: string,
    readonly eventName: DynamoItemChanged["eventName"],
    readonly keys: Item,
    readonly sequenceNumber: string,
    readonly approximateCreationDateTime: number,
    readonly sizeBytes: number,
    readonly userIdentity: DynamoItemChanged["userIdentity"],
    private readonly old: { item: Item } | undefined,
    readonly newImage: Item | undefined,
  ) {}

  get oldImage(): Item | undefined {
    return this.old?.item;
  }

  toJSON(): DynamoItemChanged {
    const { old: _old, ...fields } = this;
    return { ...fields, oldImage: this.oldImage };
  }
}
