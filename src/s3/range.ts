import { s3Errors } from "./errors.js";

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * `bytes=a-b`, `bytes=a-`, `bytes=-n`. Syntactically invalid or multi-range headers are ignored
 * (the whole object is returned), as S3 does; a range starting past the end is 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) throw s3Errors.invalidRange(size, header);
    if (size === 0) return undefined;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(size, header);
  return { start, end };
}
