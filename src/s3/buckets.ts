import type { RequestContext } from "../core/context.js";
import type { Store } from "../core/db.js";
import { s3Errors } from "./errors.js";
import { s3Sql, type BucketRow } from "./store.js";

/**
 * Bucket rows and sub-resource documents are read on every object request and change rarely, so
 * they are cached per store; writes invalidate their entry, and a restore or reset drops everything
 * (`forgetCaches`, called from the service's afterRestore; the store generation covers restores too).
 */
interface Cache {
  generation: number;
  epoch: number;
  buckets: Map<string, BucketRow | undefined>;
  config: Map<string, unknown>;
}
const caches = new WeakMap<Store, Cache>();
let epoch = 0;

function cacheOf(store: Store): Cache {
  let c = caches.get(store);
  if (!c || c.generation !== store.generation || c.epoch !== epoch) {
    c = { generation: store.generation, epoch, buckets: new Map(), config: new Map() };
    caches.set(store, c);
  }
  return c;
}

export function forgetCaches(): void {
  epoch++;
}

export function findBucket(store: Store, name: string): BucketRow | undefined {
  const c = cacheOf(store);
  if (c.buckets.has(name)) return c.buckets.get(name);
  const row = s3Sql(store).bucket.get(name);
  c.buckets.set(name, row);
  return row;
}

/** Call after any write to a bucket's row or its sub-resources. */
export function bucketChanged(store: Store, name: string): void {
  const c = cacheOf(store);
  c.buckets.delete(name);
  for (const k of [...c.config.keys()]) if (k.startsWith(`${name}\n`)) c.config.delete(k);
}

/** S3's general-purpose bucket naming rules. */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes("..") || name.includes(".-") || name.includes("-.")) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

export function requireBucket(ctx: RequestContext, name: string): BucketRow {
  const row = findBucket(ctx.store, name);
  if (!row) throw s3Errors.noSuchBucket(name);
  return row;
}

/** Bucket sub-resources stored as JSON (cors, policy, tagging, website, notification, ...). */
/** A stored sub-resource (parsed once; callers must not mutate it). */
export function getConfig<T>(ctx: { store: Store }, bucket: string, kind: string): T | undefined {
  const c = cacheOf(ctx.store);
  const key = `${bucket}\n${kind}`;
  if (c.config.has(key)) return c.config.get(key) as T | undefined;
  const row = s3Sql(ctx.store).config.get(bucket, kind);
  const value = row ? (JSON.parse(row.value) as T) : undefined;
  c.config.set(key, value);
  return value;
}

export function putConfig(ctx: RequestContext, bucket: string, kind: string, value: unknown): void {
  s3Sql(ctx.store).putConfig.run(bucket, kind, JSON.stringify(value));
  bucketChanged(ctx.store, bucket);
}

export function deleteConfig(ctx: RequestContext, bucket: string, kind: string): void {
  s3Sql(ctx.store).deleteConfig.run(bucket, kind);
  bucketChanged(ctx.store, bucket);
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
