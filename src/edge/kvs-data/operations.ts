/**
 * CloudFront KeyValueStore's data plane (`@aws-sdk/client-cloudfront-keyvaluestore`, restJson,
 * `/key-value-stores/{KvsARN}/…`, signed SigV4a for `cloudfront-keyvaluestore` and sent to
 * `<account>.<endpoint host>`): DescribeKeyValueStore, GetKey, ListKeys, PutKey, DeleteKey,
 * UpdateKeys. Writes need the data plane's own ETag in If-Match (not the CloudFront API's); every
 * write gives a new one and reaches the functions' worker at once.
 */
import { AwsError } from "../../core/errors.js";
import type { RequestContext } from "../../core/context.js";
import { hexId } from "../../core/ids.js";
import { KVS_LIMITS } from "../operations/key-value-stores.js";
import { edgeOperation, type EdgeState } from "../state.js";
import type { KvsRow } from "../store.js";

interface StoreMeta {
  ARN: string;
  created: number;
  modified: number;
  /** The data plane's ETag (set by the first key write). */
  dataEtag?: string;
}

interface Loaded {
  row: KvsRow;
  meta: StoreMeta;
  entries: Map<string, string>;
  etag: string;
}

const validation = (message: string): AwsError => new AwsError("ValidationException", message, { status: 400 });
const notFound = (): AwsError => new AwsError("ResourceNotFoundException", "The specified key value store does not exist.", { status: 404 });

/** A store before any key write: an ETag derived from its creation, stable until the first write. */
function etagOf(meta: StoreMeta): string {
  return meta.dataEtag ?? `KV${meta.created.toString(36).toUpperCase()}`;
}

function load(ctx: RequestContext, state: EdgeState, arn: string): Loaded {
  const m = /^arn:aws:cloudfront::(\d{12}):key-value-store\/([0-9a-f-]{1,64})$/.exec(arn);
  if (!m) throw validation(arn.length > 2048 ? "KvsARN must be at most 2048 characters." : `${arn} is not a key value store ARN.`);
  const row = state.sql.kvsById.get(m[2]!);
  if (!row || row.account !== m[1] || row.account !== ctx.accountId) throw notFound();
  const meta = JSON.parse(row.meta) as StoreMeta;
  return { row, meta, entries: new Map(JSON.parse(row.data) as [string, string][]), etag: etagOf(meta) };
}

function sizeOf(entries: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of entries) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

function checkIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch === undefined || ifMatch === "") throw validation("If-Match is required.");
  if (ifMatch !== etag) throw new AwsError("ConflictException", "The If-Match ETag does not match the key value store's current ETag.", { status: 409 });
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0) throw validation("Key must be a string of 1 to 512 bytes.");
  if (Buffer.byteLength(key) > KVS_LIMITS.key) throw validation(`Key ${key.slice(0, 32)}… is over the 512 byte limit.`);
  return key;
}

function checkValue(value: unknown): string {
  if (typeof value !== "string") throw validation("Value must be a string of at most 1 KB.");
  if (Buffer.byteLength(value) > KVS_LIMITS.value) throw validation("Value is over the 1 KB limit.");
  return value;
}

/** Stores the keys with a new data-plane ETag and hands them to the functions' worker. */
function save(ctx: RequestContext, state: EdgeState, s: Loaded): Record<string, unknown> {
  const size = sizeOf(s.entries);
  if (size > KVS_LIMITS.store) throw new AwsError("ServiceQuotaExceededException", "The key value store would be over its 5 MB limit.", { status: 402 });
  const meta: StoreMeta = { ...s.meta, modified: ctx.clock.now(), dataEtag: `KV${hexId(8).toUpperCase()}` };
  const entries = [...s.entries];
  state.sql.putKvs.run(s.row.account, s.row.name, s.row.id, s.row.etag, JSON.stringify(meta), JSON.stringify(entries));
  state.sandbox.setKeyValueStore(s.row.id, entries);
  return { ItemCount: s.entries.size, TotalSizeInBytes: size, ETag: meta.dataEtag };
}

const store = "/key-value-stores/{KvsARN}";
const etagHeader = { ETag: "etag" };

export const describeKeyValueStore = edgeOperation<{ KvsARN: string }, Record<string, unknown>>({
  name: "DescribeKeyValueStore",
  http: { method: "GET", path: store, outputHeaders: etagHeader },
  handle(input, ctx, state) {
    const s = load(ctx, state, input.KvsARN);
    return {
      ItemCount: s.entries.size,
      TotalSizeInBytes: sizeOf(s.entries),
      KvsARN: s.meta.ARN,
      Created: new Date(s.meta.created),
      LastModified: new Date(s.meta.modified),
      Status: "READY",
      ETag: s.etag,
    };
  },
});

export const getKey = edgeOperation<{ KvsARN: string; Key: string }, Record<string, unknown>>({
  name: "GetKey",
  http: { method: "GET", path: `${store}/keys/{Key}` },
  handle(input, ctx, state) {
    const s = load(ctx, state, input.KvsARN);
    const value = s.entries.get(input.Key);
    if (value === undefined) throw new AwsError("ResourceNotFoundException", `Key ${input.Key} does not exist.`, { status: 404 });
    return { Key: input.Key, Value: value, ItemCount: s.entries.size, TotalSizeInBytes: sizeOf(s.entries) };
  },
});

export const listKeys = edgeOperation<{ KvsARN: string; NextToken?: string; MaxResults?: number }, Record<string, unknown>>({
  name: "ListKeys",
  http: { method: "GET", path: `${store}/keys`, query: { NextToken: "NextToken", MaxResults: "MaxResults:number" } },
  handle(input, ctx, state) {
    const max = input.MaxResults ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > 50) throw validation("MaxResults must be between 1 and 50.");
    const s = load(ctx, state, input.KvsARN);
    let after: string | undefined;
    if (input.NextToken !== undefined) {
      after = Buffer.from(input.NextToken, "base64url").toString("utf8");
      if (Buffer.from(after).toString("base64url") !== input.NextToken) throw validation("The NextToken is not valid.");
    }
    const keys = [...s.entries.keys()].sort().filter((k) => after === undefined || k > after);
    const page = keys.slice(0, max);
    return {
      Items: page.map((k) => ({ Key: k, Value: s.entries.get(k)! })),
      ...(keys.length > max ? { NextToken: Buffer.from(page[page.length - 1]!).toString("base64url") } : {}),
    };
  },
});

export const putKey = edgeOperation<{ KvsARN: string; Key: string; Value?: unknown; IfMatch?: string }, Record<string, unknown>>({
  name: "PutKey",
  http: { method: "PUT", path: `${store}/keys/{Key}`, headers: { "if-match": "IfMatch" }, outputHeaders: etagHeader },
  handle(input, ctx, state) {
    const key = checkKey(input.Key);
    const value = checkValue(input.Value);
    const s = load(ctx, state, input.KvsARN);
    checkIfMatch(input.IfMatch, s.etag);
    s.entries.set(key, value);
    return save(ctx, state, s);
  },
});

export const deleteKey = edgeOperation<{ KvsARN: string; Key: string; IfMatch?: string }, Record<string, unknown>>({
  name: "DeleteKey",
  http: { method: "DELETE", path: `${store}/keys/{Key}`, headers: { "if-match": "IfMatch" }, outputHeaders: etagHeader },
  handle(input, ctx, state) {
    const s = load(ctx, state, input.KvsARN);
    checkIfMatch(input.IfMatch, s.etag);
    if (!s.entries.delete(input.Key)) throw new AwsError("ResourceNotFoundException", `Key ${input.Key} does not exist.`, { status: 404 });
    return save(ctx, state, s);
  },
});

export const updateKeys = edgeOperation<{ KvsARN: string; IfMatch?: string; Puts?: unknown; Deletes?: unknown }, Record<string, unknown>>({
  name: "UpdateKeys",
  http: { method: "POST", path: `${store}/keys`, headers: { "if-match": "IfMatch" }, outputHeaders: etagHeader },
  handle(input, ctx, state) {
    const puts = input.Puts ?? [];
    const deletes = input.Deletes ?? [];
    if (!Array.isArray(puts) || !Array.isArray(deletes)) throw validation("Puts and Deletes must be lists.");
    const s = load(ctx, state, input.KvsARN);
    checkIfMatch(input.IfMatch, s.etag);
    // All or nothing: every item is checked before the store changes.
    const puttable = puts.map((p: { Key?: unknown; Value?: unknown } | null) => [checkKey(p?.Key), checkValue(p?.Value)] as const);
    const deletable = deletes.map((d: { Key?: unknown } | null) => checkKey(d?.Key));
    for (const k of deletable) s.entries.delete(k);
    for (const [k, v] of puttable) s.entries.set(k, v);
    return save(ctx, state, s);
  },
});

export const kvsDataOperations = [describeKeyValueStore, getKey, listKeys, putKey, deleteKey, updateKeys];
