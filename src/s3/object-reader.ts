import type { Scope } from "../core/events.js";
import type { ObjectReader } from "../core/ports.js";
import type { ServiceEnv } from "../core/service.js";
import { findBucket } from "./buckets.js";
import { s3Errors } from "./errors.js";
import { readSegments } from "./read-object.js";
import { s3Sql } from "./store.js";

/** Lets Lambda read function code from S3 (S3Bucket/S3Key/S3ObjectVersion). */
export function objectReader(env: ServiceEnv): ObjectReader {
  return {
    async getObject(_scope: Scope, bucket: string, key: string, versionId?: string): Promise<Buffer> {
      const sql = s3Sql(env.store);
      if (!findBucket(env.store, bucket)) throw s3Errors.noSuchBucket(bucket);
      const row = versionId ? sql.version.get(bucket, key, versionId) : sql.latest.get(bucket, key);
      if (!row || row.delete_marker) throw s3Errors.noSuchKey(key);
      const chunks: Buffer[] = [];
      for await (const chunk of readSegments(env.blobs, row) as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}
