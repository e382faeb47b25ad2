import type { RequestContext } from "../core/context.js";
import { s3Errors } from "./errors.js";
import { s3Sql, type BucketRow } from "./store.js";

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
  const row = s3Sql(ctx.store).bucket.get(name);
  if (!row) throw s3Errors.noSuchBucket(name);
  return row;
}

/** Bucket sub-resources stored as JSON (cors, policy, tagging, website, notification, ...). */
export function getConfig<T>(ctx: RequestContext, bucket: string, kind: string): T | undefined {
  const row = s3Sql(ctx.store).config.get(bucket, kind);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function putConfig(ctx: RequestContext, bucket: string, kind: string, value: unknown): void {
  s3Sql(ctx.store).putConfig.run(bucket, kind, JSON.stringify(value));
}

export function deleteConfig(ctx: RequestContext, bucket: string, kind: string): void {
  s3Sql(ctx.store).deleteConfig.run(bucket, kind);
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
