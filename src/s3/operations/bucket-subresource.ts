/**
 * Put/Get/Delete of a bucket sub-resource stored as a document (cors, policy, tagging, website):
 * the three operations differ only in names, the stored kind, validation and the missing-error.
 */
import type { S3Ctx } from "../state.js";
import { deleteConfig, getConfig, putConfig, requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { s3Operation } from "../wire.js";

export interface SubresourceSpec<T> {
  /** The query key, e.g. `cors`. */
  query: string;
  /** AWS's operation suffix, e.g. `BucketCors`. */
  name: string;
  /** Input member holding the request document (the XML root, or the raw body for policies). */
  member: string;
  /** XML root of the GET response; undefined when GET returns the stored text raw (policies). */
  xmlRoot?: string;
  /** Turns the request document into what is stored (throws AWS's validation errors). */
  parse(doc: unknown, ctx: S3Ctx): T;
  /** The GET response members (or `{ Body }` for raw). */
  render(value: T): Record<string, unknown>;
  missing: { code: string; message: string };
  /** What GET returns when nothing is stored (instead of the missing-error), for AWS's defaults. */
  fallback?: Record<string, unknown>;
  deleteStatus?: number;
  /** The delete operation's name when AWS's is not `Delete<name>` (DeleteBucketLifecycle). */
  deleteName?: string;
}

export function subresourceOperations<T>(spec: SubresourceSpec<T>) {
  const put = s3Operation<{ Bucket: string } & Record<string, unknown>, Record<string, never>>({
    name: `Put${spec.name}`,
    handle(input, ctx) {
      const bucket = requireBucket(ctx, input.Bucket);
      const doc = input[spec.member];
      if (doc === undefined || (Buffer.isBuffer(doc) && doc.length === 0)) throw s3Errors.malformedXml();
      putConfig(ctx, bucket.name, spec.query, spec.parse(doc, ctx));
      return {};
    },
  });
  const get = s3Operation<{ Bucket: string }, Record<string, unknown>>({
    name: `Get${spec.name}`,
    wire: spec.xmlRoot ? { xmlRoot: spec.xmlRoot } : undefined,
    handle(input, ctx) {
      const bucket = requireBucket(ctx, input.Bucket);
      const value = getConfig<T>(ctx, bucket.name, spec.query);
      if (value === undefined) {
        if (spec.fallback) return spec.fallback;
        throw s3Errors.noSuchConfiguration(spec.missing.code, spec.missing.message, bucket.name);
      }
      return spec.render(value);
    },
  });
  const del = s3Operation<{ Bucket: string }, Record<string, never>>({
    name: spec.deleteName ?? `Delete${spec.name}`,
    handle(input, ctx) {
      const bucket = requireBucket(ctx, input.Bucket);
      deleteConfig(ctx, bucket.name, spec.query);
      return {};
    },
  });
  return [put, get, del] as const;
}
