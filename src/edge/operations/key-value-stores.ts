/**
 * KeyValueStores through the CloudFront API: Create (optionally imported from an S3 JSON file,
 * `{"data":[{"key":…,"value":…}]}`), Describe, List, Update, Delete. Functions read them with
 * `cf.kvs()`; the keys live in SQLite and are mirrored into the functions' worker.
 */
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { newEtag, type Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { kvsIdsOf } from "../functions/associations.js";
import type { FunctionMeta } from "../functions/model.js";
import { checkIfMatch, edgeOperation, maxItemsOf, type EdgeState } from "../state.js";
import type { KvsRow } from "../store.js";

interface KvsMeta {
  Name: string;
  Id: string;
  Comment: string;
  ARN: string;
  created: number;
  modified: number;
}

export const KVS_LIMITS = { key: 512, value: 1024, store: 5 * 1024 * 1024 };

const notFound = (): AwsError => new AwsError("EntityNotFound", "The specified key value store does not exist.", { status: 404 });

function view(m: KvsMeta, status: "PROVISIONING" | "READY"): Json {
  return { Name: m.Name, Id: m.Id, Comment: m.Comment, ARN: m.ARN, Status: status, LastModifiedTime: new Date(m.modified) };
}

function load(ctx: RequestContext, state: EdgeState, name: string): { row: KvsRow; meta: KvsMeta } {
  const row = state.sql.kvs.get(ctx.accountId, name);
  if (!row) throw notFound();
  return { row, meta: JSON.parse(row.meta) as KvsMeta };
}

/** The keys of an import file, checked against the store's limits. */
export function entriesOf(text: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw edgeErrors.invalidArgument("The import source is not valid JSON.");
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw edgeErrors.invalidArgument('The import source must be {"data": [{"key": ..., "value": ...}]}.');
  const out = new Map<string, string>();
  let size = 0;
  for (const item of data as { key?: unknown; value?: unknown }[]) {
    if (typeof item?.key !== "string" || typeof item.value !== "string") throw edgeErrors.invalidArgument("Every item of the import source needs a string key and value.");
    if (Buffer.byteLength(item.key) > KVS_LIMITS.key || Buffer.byteLength(item.value) > KVS_LIMITS.value) {
      throw new AwsError("EntitySizeLimitExceeded", "A key or value in the import source is over the limit (key 512 bytes, value 1 KB).", { status: 413 });
    }
    size += Buffer.byteLength(item.key) + Buffer.byteLength(item.value);
    out.set(item.key, item.value);
  }
  if (size > KVS_LIMITS.store) throw new AwsError("EntitySizeLimitExceeded", "The import source is over the key value store's 5 MB limit.", { status: 413 });
  return [...out];
}

async function imported(ctx: RequestContext, state: EdgeState, source: { SourceType?: string; SourceARN?: string } | undefined): Promise<[string, string][]> {
  if (!source) return [];
  const m = /^arn:aws:s3:::([^/]+)\/(.+)$/.exec(source.SourceARN ?? "");
  if (source.SourceType !== "S3" || !m) throw edgeErrors.invalidArgument("The import source must be an S3 object ARN (arn:aws:s3:::bucket/key).");
  const reader = await state.env.ports.get("ObjectReader");
  let body: Buffer;
  try {
    body = await reader.getObject({ accountId: ctx.accountId, region: "us-east-1" }, m[1]!, m[2]!);
  } catch {
    throw edgeErrors.invalidArgument(`The import source ${source.SourceARN} could not be read.`);
  }
  return entriesOf(body.toString("utf8"));
}

export const createKeyValueStore = edgeOperation<{ Name: string; Comment?: string; ImportSource?: { SourceType?: string; SourceARN?: string } }, Json>({
  name: "CreateKeyValueStore",
  async handle(input, ctx, state) {
    if (state.sql.kvs.get(ctx.accountId, input.Name)) throw new AwsError("EntityAlreadyExists", "A key value store with this name already exists.", { status: 409 });
    const entries = await imported(ctx, state, input.ImportSource);
    if (state.sql.kvs.get(ctx.accountId, input.Name)) throw new AwsError("EntityAlreadyExists", "A key value store with this name already exists.", { status: 409 });
    const id = randomUUID();
    const now = ctx.clock.now();
    const meta: KvsMeta = { Name: input.Name, Id: id, Comment: input.Comment ?? "", ARN: `arn:aws:cloudfront::${ctx.accountId}:key-value-store/${id}`, created: now, modified: now };
    const etag = newEtag();
    state.sql.putKvs.run(ctx.accountId, input.Name, id, etag, JSON.stringify(meta), JSON.stringify(entries));
    state.sandbox.setKeyValueStore(id, entries);
    return { KeyValueStore: view(meta, "PROVISIONING"), ETag: etag, Location: `https://cloudfront.amazonaws.com/2020-05-31/key-value-store/${meta.ARN}` };
  },
});

export const describeKeyValueStore = edgeOperation<{ Name: string }, Json>({
  name: "DescribeKeyValueStore",
  handle(input, ctx, state) {
    const { row, meta } = load(ctx, state, input.Name);
    return { KeyValueStore: view(meta, "READY"), ETag: row.etag };
  },
});

export const listKeyValueStores = edgeOperation<{ Marker?: string; MaxItems?: string; Status?: string }, Json>({
  name: "ListKeyValueStores",
  handle(input, ctx, state) {
    const max = maxItemsOf(input.MaxItems);
    const rows = input.Status !== undefined && input.Status !== "READY" ? [] : state.sql.kvsOf.all(ctx.accountId, input.Marker ?? "", max + 1);
    const page = rows.slice(0, max).map((r) => JSON.parse(r.meta) as KvsMeta);
    return {
      KeyValueStoreList: {
        ...(rows.length > max && page.length > 0 ? { NextMarker: page[page.length - 1]!.Name } : {}),
        MaxItems: max,
        Quantity: page.length,
        ...(page.length > 0 ? { Items: page.map((m) => view(m, "READY")) } : {}),
      },
    };
  },
});

export const updateKeyValueStore = edgeOperation<{ Name: string; Comment: string; IfMatch?: string }, Json>({
  name: "UpdateKeyValueStore",
  handle(input, ctx, state) {
    const { row, meta } = load(ctx, state, input.Name);
    checkIfMatch(input.IfMatch, row.etag);
    const updated = { ...meta, Comment: input.Comment, modified: ctx.clock.now() };
    const etag = newEtag();
    state.sql.putKvs.run(ctx.accountId, row.name, row.id, etag, JSON.stringify(updated), row.data);
    return { KeyValueStore: view(updated, "READY"), ETag: etag };
  },
});

export const deleteKeyValueStore = edgeOperation<{ Name: string; IfMatch?: string }, Json>({
  name: "DeleteKeyValueStore",
  handle(input, ctx, state) {
    const { row, meta } = load(ctx, state, input.Name);
    checkIfMatch(input.IfMatch, row.etag);
    for (const stage of ["DEVELOPMENT", "LIVE"]) {
      for (const f of state.sql.functionsOf.all(ctx.accountId, stage, "", 1_000_000)) {
        if (kvsIdsOf((JSON.parse(f.meta) as FunctionMeta).config).includes(meta.Id)) {
          throw new AwsError("CannotDeleteEntityWhileInUse", "The key value store is associated with one or more functions.", { status: 409 });
        }
      }
    }
    state.sql.deleteKvs.run(ctx.accountId, row.name);
    state.sandbox.setKeyValueStore(meta.Id, undefined);
    return {};
  },
});
