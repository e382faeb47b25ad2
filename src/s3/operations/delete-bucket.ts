import { bucketChanged, requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { s3Operation } from "../wire.js";

export const deleteBucket = s3Operation<{ Bucket: string }, Record<string, never>>({
  name: "DeleteBucket",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const sql = ctx.s3.sql;
    if (sql.anyObject.get(bucket.name)) throw s3Errors.bucketNotEmpty(bucket.name, bucket.versioning !== null);
    const uploads = sql.uploadsOf.all(bucket.name);
    const parts = uploads.flatMap((u) => sql.parts.all(u.upload_id));
    ctx.store.txn(() => {
      for (const u of uploads) {
        sql.deleteParts.run(u.upload_id);
        sql.deleteUpload.run(u.upload_id);
      }
      sql.deleteAllConfig.run(bucket.name);
      sql.deleteBucket.run(bucket.name);
    });
    bucketChanged(ctx, bucket.name);
    for (const p of parts) ctx.blobs.release(p.blob, ctx.store.hasSnapshots());
    return {};
  },
});
