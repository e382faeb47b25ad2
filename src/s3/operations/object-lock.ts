/** Object Lock: the bucket's configuration, and a version's retention and legal hold. */
import { AwsError } from "../../core/errors.js";
import type { S3Ctx } from "../state.js";
import { getConfig, putConfig, requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { checkVersionDeletable, lockConfig, missingLockConfiguration, type LockConfig } from "../object-lock.js";
import { findVersion, headersOf, type ObjectHeaders } from "../objects.js";
import { type ObjectRow } from "../store.js";
import { s3Operation } from "../wire.js";

interface VersionInput {
  Bucket: string;
  Key: string;
  VersionId?: string;
}

function lockedVersion(ctx: S3Ctx, input: VersionInput, method: string): { row: ObjectRow; headers: ObjectHeaders } {
  const bucket = requireBucket(ctx, input.Bucket);
  if (!lockConfig(ctx, bucket.name)) throw missingLockConfiguration();
  const row = findVersion(ctx, bucket, input.Key, input.VersionId, method);
  return { row, headers: headersOf(row) };
}

export const putObjectLockConfiguration = s3Operation<{ Bucket: string; ObjectLockConfiguration?: LockConfig }, Record<string, never>>({
  name: "PutObjectLockConfiguration",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    if (!lockConfig(ctx, bucket.name)) throw new AwsError("InvalidBucketState", "Object Lock configuration cannot be enabled on existing buckets", { status: 409 });
    const doc = input.ObjectLockConfiguration;
    if (!doc || doc.ObjectLockEnabled !== "Enabled") throw s3Errors.malformedXml();
    const d = doc.Rule?.DefaultRetention;
    if (d && (d.Days === undefined) === (d.Years === undefined)) throw s3Errors.malformedXml();
    putConfig(ctx, bucket.name, "object-lock", doc);
    return {};
  },
});

export const getObjectLockConfiguration = s3Operation<{ Bucket: string }, Record<string, unknown>>({
  name: "GetObjectLockConfiguration",
  wire: { xmlRoot: "ObjectLockConfiguration" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const config = getConfig<LockConfig>(ctx, bucket.name, "object-lock");
    if (!config) throw new AwsError("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", { status: 404, fields: { BucketName: bucket.name } });
    return { ...config };
  },
});

interface RetentionInput extends VersionInput {
  Retention?: { Mode?: string; RetainUntilDate?: string };
  BypassGovernanceRetention?: boolean;
}

export const putObjectRetention = s3Operation<RetentionInput, Record<string, never>>({
  name: "PutObjectRetention",
  handle(input, ctx) {
    const { row, headers } = lockedVersion(ctx, input, "PUT");
    const mode = input.Retention?.Mode;
    const until = input.Retention?.RetainUntilDate;
    if (!mode || !until || Number.isNaN(Date.parse(until))) throw s3Errors.malformedXml();
    const now = ctx.clock.now();
    if (Date.parse(until) <= now) throw s3Errors.invalidArgument("The retain until date must be in the future!", "RetainUntilDate", until);
    // Shortening or loosening a retention in force is deleting protection: the same rules apply.
    const shorter = headers.ObjectLockRetainUntilDate !== undefined && Date.parse(until) < Date.parse(headers.ObjectLockRetainUntilDate);
    if (shorter || (headers.ObjectLockMode === "COMPLIANCE" && mode === "GOVERNANCE")) {
      checkVersionDeletable({ ...headers, ObjectLockLegalHoldStatus: undefined }, now, input.BypassGovernanceRetention === true);
    }
    ctx.s3.sql.setHeaders.run(JSON.stringify({ ...headers, ObjectLockMode: mode, ObjectLockRetainUntilDate: new Date(until).toISOString() }), row.id);
    return {};
  },
});

export const getObjectRetention = s3Operation<VersionInput, Record<string, unknown>>({
  name: "GetObjectRetention",
  wire: { xmlRoot: "Retention" },
  handle(input, ctx) {
    const { headers } = lockedVersion(ctx, input, "GET");
    if (!headers.ObjectLockMode) throw new AwsError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", { status: 404 });
    return { Mode: headers.ObjectLockMode, RetainUntilDate: headers.ObjectLockRetainUntilDate };
  },
});

export const putObjectLegalHold = s3Operation<VersionInput & { LegalHold?: { Status?: string } }, Record<string, never>>({
  name: "PutObjectLegalHold",
  handle(input, ctx) {
    const { row, headers } = lockedVersion(ctx, input, "PUT");
    const status = input.LegalHold?.Status;
    if (status !== "ON" && status !== "OFF") throw s3Errors.malformedXml();
    ctx.s3.sql.setHeaders.run(JSON.stringify({ ...headers, ObjectLockLegalHoldStatus: status }), row.id);
    return {};
  },
});

export const getObjectLegalHold = s3Operation<VersionInput, Record<string, unknown>>({
  name: "GetObjectLegalHold",
  wire: { xmlRoot: "LegalHold" },
  handle(input, ctx) {
    const { headers } = lockedVersion(ctx, input, "GET");
    if (!headers.ObjectLockLegalHoldStatus) throw new AwsError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", { status: 404 });
    return { Status: headers.ObjectLockLegalHoldStatus };
  },
});
