/**
 * Archived objects (GLACIER, DEEP_ARCHIVE): their bytes are not readable until RestoreObject has
 * made a temporary copy, which takes time on the server's clock (by retrieval tier) and stays for
 * the requested Days. HEAD reports the state in `x-amz-restore`.
 */
import { AwsError } from "../core/errors.js";
import type { ObjectHeaders } from "./objects.js";

export const ARCHIVE_CLASSES = new Set(["GLACIER", "DEEP_ARCHIVE"]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a restore takes here, by tier: the upper end of AWS's documented ranges. */
const RESTORE_TIME: Record<string, Record<string, number>> = {
  GLACIER: { Expedited: 5 * MINUTE, Standard: 5 * HOUR, Bulk: 12 * HOUR },
  DEEP_ARCHIVE: { Standard: 12 * HOUR, Bulk: 48 * HOUR },
};

export function restoreDuration(storageClass: string, tier: string): number | undefined {
  return RESTORE_TIME[storageClass]?.[tier];
}

/** `created + days`, rounded up to the next midnight UTC, as S3 computes expiry dates. */
export function afterDays(created: number, days: number): number {
  return Math.ceil((created + days * DAY) / DAY) * DAY;
}

export function invalidObjectState(storageClass: string, message = "The operation is not valid for the object's storage class"): AwsError {
  return new AwsError("InvalidObjectState", message, { status: 403, fields: { StorageClass: storageClass } });
}

/** Whether a restored copy of an archived version is readable now. */
function restored(h: ObjectHeaders, now: number): boolean {
  return h.Restore !== undefined && h.Restore.readyAt <= now && now < h.Restore.expiresAt;
}

/** GetObject / CopyObject of an archived version without a ready restored copy is refused. */
export function checkReadable(storageClass: string, h: ObjectHeaders, now: number): void {
  if (ARCHIVE_CLASSES.has(storageClass) && !restored(h, now)) throw invalidObjectState(storageClass);
}

/** `x-amz-restore` of a version a restore was asked for (until its copy expires). */
export function restoreHeader(h: ObjectHeaders, now: number): string | undefined {
  const r = h.Restore;
  if (!r || now >= r.expiresAt) return undefined;
  if (now < r.readyAt) return 'ongoing-request="true"';
  return `ongoing-request="false", expiry-date="${new Date(r.expiresAt).toUTCString()}"`;
}
