/** HTTP conditional requests on objects (RFC 7232 as S3 applies it). */
import { s3Errors } from "./errors.js";

export interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: string;
  IfUnmodifiedSince?: string;
}

function etagList(header: string): string[] {
  return header.split(",").map((s) => s.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1"));
}

function etagMatches(header: string, etag: string): boolean {
  const list = etagList(header);
  return list.includes("*") || list.includes(etag);
}

/** Seconds precision, as HTTP dates have. */
function parseDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * GET/HEAD: 412 when If-Match fails (or If-Unmodified-Since fails without If-Match); "not modified"
 * when If-None-Match matches (or If-Modified-Since fails without If-None-Match).
 */
export function evaluateRead(c: Conditions, etag: string, lastModified: number): "ok" | "not-modified" {
  const modifiedSec = Math.floor(lastModified / 1000) * 1000;
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, etag)) throw s3Errors.preconditionFailed("If-Match");
  } else {
    const since = parseDate(c.IfUnmodifiedSince);
    if (since !== undefined && modifiedSec > since) throw s3Errors.preconditionFailed("If-Unmodified-Since");
  }
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, etag)) return "not-modified";
  } else {
    const since = parseDate(c.IfModifiedSince);
    if (since !== undefined && modifiedSec <= since) return "not-modified";
  }
  return "ok";
}

/** PUT/Complete conditional writes: If-None-Match `*` and If-Match `<etag>` (stored ETags are quoted). */
export function evaluateWrite(c: { IfMatch?: string; IfNoneMatch?: string }, current: { etag: string } | undefined): void {
  // S3 takes only `*` here; an ETag is functionality it does not implement, whether or not the key exists.
  if (c.IfNoneMatch !== undefined && c.IfNoneMatch.trim() !== "*") throw s3Errors.notImplemented("If-None-Match");
  if (c.IfNoneMatch !== undefined && current) throw s3Errors.preconditionFailed("If-None-Match");
  if (c.IfMatch !== undefined) {
    if (!current) throw s3Errors.noSuchKey("");
    if (!etagMatches(c.IfMatch, current.etag.replace(/^"(.*)"$/, "$1"))) throw s3Errors.preconditionFailed("If-Match");
  }
}

/**
 * The same condition checked again when the upload commits: failing only now means another writer
 * changed the key while this body was arriving, which S3 answers 409 ConditionalRequestConflict.
 */
export function recheckWrite(c: { IfMatch?: string; IfNoneMatch?: string }, current: { etag: string } | undefined): void {
  try {
    evaluateWrite(c, current);
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === "PreconditionFailed") throw s3Errors.conditionalRequestConflict();
    throw e;
  }
}

/** DeleteObject(s) with If-Match: the current version's ETag must match (404 when there is none). */
export function evaluateDelete(ifMatch: string | undefined, current: { etag: string; delete_marker?: number } | undefined, key: string): void {
  if (ifMatch === undefined) return;
  if (!current || current.delete_marker) throw s3Errors.noSuchKey(key);
  if (!etagMatches(ifMatch, current.etag.replace(/^"(.*)"$/, "$1"))) throw s3Errors.preconditionFailed("If-Match");
}
