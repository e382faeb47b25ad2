import type { Store } from "../core/db.js";
import { s3Errors } from "./errors.js";
import type { S3Scope } from "./state.js";
import type { BucketRow, S3Statements } from "./store.js";

/**
 * Bucket rows and sub-resource documents are read on every object request and change rarely, so
 * they are cached per server (in S3's state); writes invalidate their entry, and a restore or reset
 * drops everything (`clear`, from the service's afterRestore; the store generation covers it too).
 */
export class BucketCache {
  private generation = -1;
  private buckets = new Map<string, BucketRow | undefined>();
  private config = new Map<string, unknown>();

  constructor(
    private readonly store: Store,
    private readonly sql: S3Statements,
  ) {}

  clear(): void {
    this.generation = -1;
  }

  private fresh(): void {
    if (this.generation !== this.store.generation) {
      this.generation = this.store.generation;
      this.buckets = new Map();
      this.config = new Map();
    }
  }

  bucket(name: string): BucketRow | undefined {
    this.fresh();
    if (this.buckets.has(name)) return this.buckets.get(name);
    const row = this.sql.bucket.get(name);
    this.buckets.set(name, row);
    return row;
  }

  /** A stored sub-resource (parsed once; callers must not mutate it). */
  document<T>(bucket: string, kind: string): T | undefined {
    this.fresh();
    const key = `${bucket}\n${kind}`;
    if (this.config.has(key)) return this.config.get(key) as T | undefined;
    const row = this.sql.config.get(bucket, kind);
    const value = row ? (JSON.parse(row.value) as T) : undefined;
    this.config.set(key, value);
    return value;
  }

  /** Call after any write to a bucket's row or its sub-resources. */
  changed(name: string): void {
    this.fresh();
    this.buckets.delete(name);
    for (const k of [...this.config.keys()]) if (k.startsWith(`${name}\n`)) this.config.delete(k);
  }
}

export function findBucket(scope: S3Scope, name: string): BucketRow | undefined {
  return scope.s3.buckets.bucket(name);
}

/** Call after any write to a bucket's row or its sub-resources. */
export function bucketChanged(scope: S3Scope, name: string): void {
  scope.s3.buckets.changed(name);
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

export function requireBucket(ctx: S3Scope, name: string): BucketRow {
  const row = findBucket(ctx, name);
  if (!row) throw s3Errors.noSuchBucket(name);
  return row;
}

/** A stored sub-resource (cors, policy, tagging, website, notification, ...; parsed once; callers must not mutate it). */
export function getConfig<T>(scope: S3Scope, bucket: string, kind: string): T | undefined {
  return scope.s3.buckets.document<T>(bucket, kind);
}

export function putConfig(ctx: S3Scope, bucket: string, kind: string, value: unknown): void {
  ctx.s3.sql.putConfig.run(bucket, kind, JSON.stringify(value));
  bucketChanged(ctx, bucket);
}

export function deleteConfig(ctx: S3Scope, bucket: string, kind: string): void {
  ctx.s3.sql.deleteConfig.run(bucket, kind);
  bucketChanged(ctx, bucket);
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
