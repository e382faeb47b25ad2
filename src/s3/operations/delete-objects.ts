import { asList } from "../../core/protocols/xml.js";
import { isAwsError } from "../../core/errors.js";
import { requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { checkVersionDeletable } from "../object-lock.js";
import { deleteObject, headersOf } from "../objects.js";
import { evaluateDelete } from "../conditions.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  BypassGovernanceRetention?: boolean;
  Delete?: { Object?: unknown; Quiet?: string };
}

const MAX_KEYS = 1000;

export const deleteObjects = s3Operation<Input, unknown>({
  name: "DeleteObjects",
  wire: { xmlRoot: "DeleteResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    if (!input.Delete) throw s3Errors.malformedXml();
    const objects = asList<{ Key?: string; VersionId?: string; ETag?: string }>(input.Delete.Object);
    if (objects.length === 0 || objects.length > MAX_KEYS || objects.some((o) => typeof o.Key !== "string")) throw s3Errors.malformedXml();
    const quiet = input.Delete.Quiet === "true";
    const Deleted: Record<string, unknown>[] = [];
    const Error: Record<string, unknown>[] = [];
    for (const o of objects) {
      try {
        if (o.ETag !== undefined) evaluateDelete(o.ETag, ctx.s3.sql.latest.get(bucket.name, o.Key!), o.Key!);
        const version = o.VersionId ? ctx.s3.sql.version.get(bucket.name, o.Key!, o.VersionId) : undefined;
        if (version) checkVersionDeletable(headersOf(version), ctx.clock.now(), input.BypassGovernanceRetention === true);
        const r = deleteObject(ctx, bucket, o.Key!, o.VersionId || undefined);
        if (quiet) continue;
        Deleted.push({
          Key: o.Key,
          VersionId: o.VersionId || undefined,
          DeleteMarker: r.DeleteMarker,
          DeleteMarkerVersionId: r.DeleteMarker && !o.VersionId ? r.VersionId : undefined,
        });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        Error.push({ Key: o.Key, VersionId: o.VersionId, Code: err.code, Message: err.message });
      }
    }
    return { Deleted, Error };
  },
});
