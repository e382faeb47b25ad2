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

/** PUT/Complete conditional writes: If-None-Match `*` and If-Match `<etag>`. */
export function evaluateWrite(c: { IfMatch?: string; IfNoneMatch?: string }, current: { etag: string } | undefined): void {
  if (c.IfNoneMatch !== undefined && current) {
    if (c.IfNoneMatch.trim() !== "*") throw s3Errors.notImplemented("If-None-Match");
    throw s3Errors.preconditionFailed("If-None-Match");
  }
  if (c.IfMatch !== undefined) {
    if (!current) throw s3Errors.noSuchKey("");
    if (!etagMatches(c.IfMatch, current.etag)) throw s3Errors.preconditionFailed("If-Match");
  }
}
