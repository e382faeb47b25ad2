import { requireUpload } from "../multipart.js";
import { s3Operation } from "../wire.js";

export const abortMultipartUpload = s3Operation<{ Bucket: string; Key: string; UploadId: string }, Record<string, never>>({
  name: "AbortMultipartUpload",
  wire: { requiredQuery: ["uploadId"] },
  handle(input, ctx) {
    const { upload } = requireUpload(ctx, input.Bucket, input.Key, input.UploadId);
    const sql = ctx.s3.sql;
    const parts = sql.parts.all(upload.upload_id);
    ctx.store.txn(() => {
      sql.deleteParts.run(upload.upload_id);
      sql.deleteUpload.run(upload.upload_id);
    });
    for (const p of parts) if (p.blob) ctx.blobs.release(p.blob, ctx.store.hasSnapshots());
    return {};
  },
});
