import { AwsError } from "../../core/errors.js";
import { requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { findVersion, headersOf } from "../objects.js";
import { afterDays, ARCHIVE_CLASSES, invalidObjectState, restoreDuration } from "../restore.js";
import { s3Operation } from "../wire.js";

interface Input {
  Bucket: string;
  Key: string;
  VersionId?: string;
  RestoreRequest?: { Days?: string; Type?: string; Tier?: string; GlacierJobParameters?: { Tier?: string } };
}

/** RestoreObject: a temporary readable copy of an archived version, ready after its tier's time on the clock. */
export const restoreObject = s3Operation<Input, { Status: number }>({
  name: "RestoreObject",
  wire: { outputStatus: "Status" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const row = findVersion(ctx, bucket, input.Key, input.VersionId, "POST");
    const request = input.RestoreRequest;
    if (request?.Type !== undefined) throw s3Errors.notImplemented("x-amz-restore-request-type SELECT");
    if (!ARCHIVE_CLASSES.has(row.storage_class)) throw invalidObjectState(row.storage_class, "Restore is not allowed for the object's current storage class");
    const days = Number(request?.Days);
    if (request?.Days === undefined || !Number.isInteger(days) || days < 1) throw s3Errors.malformedXml();
    const tier = request.GlacierJobParameters?.Tier ?? request.Tier ?? "Standard";
    const duration = restoreDuration(row.storage_class, tier);
    if (duration === undefined) {
      throw s3Errors.invalidArgument(`Retrieval option ${tier} is not supported for the ${row.storage_class} storage class`, "Tier", tier);
    }
    const h = headersOf(row);
    const now = ctx.clock.now();
    if (h.Restore && now < h.Restore.readyAt) {
      throw new AwsError("RestoreAlreadyInProgress", "Object restore is already in progress", { status: 409 });
    }
    // A restored copy still there gets the new Days from now (200); otherwise a new restore starts (202).
    const ready = h.Restore !== undefined && now < h.Restore.expiresAt;
    const readyAt = ready ? h.Restore!.readyAt : now + duration;
    h.Restore = { readyAt, expiresAt: afterDays(ready ? now : readyAt, days) };
    ctx.s3.sql.setHeaders.run(JSON.stringify(h), row.id);
    return { Status: ready ? 200 : 202 };
  },
});
