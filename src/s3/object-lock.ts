/**
 * S3 Object Lock: buckets created with it (versioning on for good), default retention, and per
 * version retention (GOVERNANCE / COMPLIANCE until a date) and legal hold, which keep a version
 * from being deleted — GOVERNANCE yields to `x-amz-bypass-governance-retention: true`. Dates are
 * judged on the server's clock.
 */
import type { S3Ctx } from "./state.js";
import { AwsError } from "../core/errors.js";
import { getConfig } from "./buckets.js";
import type { ObjectHeaders } from "./objects.js";
import { s3Errors } from "./errors.js";
import { modelEnum } from "./model-binding.js";

export interface LockConfig {
  ObjectLockEnabled?: string;
  Rule?: { DefaultRetention?: { Mode?: string; Days?: string | number; Years?: string | number } };
}

export interface LockInput {
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: string;
  ObjectLockLegalHoldStatus?: string;
}

export const LOCK_OUTPUT_HEADERS: Record<string, string> = {
  ObjectLockMode: "x-amz-object-lock-mode",
  ObjectLockRetainUntilDate: "x-amz-object-lock-retain-until-date",
  ObjectLockLegalHoldStatus: "x-amz-object-lock-legal-hold",
};

export function lockConfig(ctx: S3Ctx, bucket: string): LockConfig | undefined {
  const c = getConfig<LockConfig>(ctx, bucket, "object-lock");
  return c?.ObjectLockEnabled === "Enabled" ? c : undefined;
}

export function missingLockConfiguration(): AwsError {
  return s3Errors.invalidRequest("Bucket is missing Object Lock Configuration");
}

const MODES = modelEnum("ObjectLockMode");

/** The lock a new version gets: the request's, else the bucket's default retention. */
export function lockForNewVersion(ctx: S3Ctx, bucket: string, input: LockInput): Pick<ObjectHeaders, "ObjectLockMode" | "ObjectLockRetainUntilDate" | "ObjectLockLegalHoldStatus"> {
  const given = input.ObjectLockMode !== undefined || input.ObjectLockRetainUntilDate !== undefined || input.ObjectLockLegalHoldStatus !== undefined;
  const config = lockConfig(ctx, bucket);
  if (!config) {
    if (given) throw missingLockConfiguration();
    return {};
  }
  if ((input.ObjectLockMode === undefined) !== (input.ObjectLockRetainUntilDate === undefined)) {
    throw s3Errors.invalidRequest("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
  }
  if (input.ObjectLockMode !== undefined && !MODES.has(input.ObjectLockMode)) throw s3Errors.invalidArgument("Unknown wormMode directive.", "x-amz-object-lock-mode", input.ObjectLockMode);
  let mode = input.ObjectLockMode;
  let until = input.ObjectLockRetainUntilDate;
  const d = config.Rule?.DefaultRetention;
  if (mode === undefined && d?.Mode) {
    const days = d.Days !== undefined ? Number(d.Days) : Number(d.Years ?? 0) * 365;
    mode = d.Mode;
    until = new Date(ctx.clock.now() + days * 86_400_000).toISOString();
  }
  return {
    ...(mode ? { ObjectLockMode: mode, ObjectLockRetainUntilDate: new Date(until!).toISOString() } : {}),
    ...(input.ObjectLockLegalHoldStatus ? { ObjectLockLegalHoldStatus: input.ObjectLockLegalHoldStatus } : {}),
  };
}

/** Deleting (or shortening the retention of) a version its lock protects is AccessDenied. */
export function checkVersionDeletable(headers: ObjectHeaders, now: number, bypassGovernance: boolean): void {
  const retained = headers.ObjectLockRetainUntilDate !== undefined && Date.parse(headers.ObjectLockRetainUntilDate) > now;
  const protectedByRetention = retained && (headers.ObjectLockMode === "COMPLIANCE" || (headers.ObjectLockMode === "GOVERNANCE" && !bypassGovernance));
  if (protectedByRetention || headers.ObjectLockLegalHoldStatus === "ON") {
    throw new AwsError("AccessDenied", "Access Denied because object protected by object lock.", { status: 403 });
  }
}
