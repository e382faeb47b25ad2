/**
 * Function and layer zips, read from their central directory: names, declared sizes and Unix
 * modes (a custom runtime's `bootstrap` needs its executable bit). The 250 MB unzipped limit is
 * checked against the declared sizes before anything is inflated, and each entry is inflated with
 * a ceiling of its declared size and of what the budget has left, so a zip bomb (declared small,
 * inflating huge) is refused after at most that many bytes, never held whole in memory.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { inflateRawSync } from "node:zlib";
import { lambdaErrors } from "./errors.js";

export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Unix permission bits when the zip was made on Unix, else undefined. */
  mode?: number;
  directory: boolean;
}

const unreadable = () => lambdaErrors.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
export const tooBigUnzipped = (limit = MAX_UNZIPPED_BYTES) => lambdaErrors.invalidParameter(`Unzipped size must be smaller than ${limit} bytes`);

function findEnd(zip: Buffer): number {
  const min = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= min; i--) if (zip.readUInt32LE(i) === 0x06054b50) return i;
  throw unreadable();
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable();
  return Number(v);
}

/** The entries of a zip, validated: safe relative names, supported methods, a declared total within `limit`. */
export function readZip(zip: Buffer, limit = MAX_UNZIPPED_BYTES): ZipEntry[] {
  try {
    return readEntries(zip, limit);
  } catch (err) {
    if (err instanceof RangeError) throw unreadable();
    throw err;
  }
}

function readEntries(zip: Buffer, limit: number): ZipEntry[] {
  const end = findEnd(zip);
  let count = zip.readUInt16LE(end + 10);
  let cdOffset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) throw unreadable();
    const z64 = u64(zip, locator + 8);
    if (zip.readUInt32LE(z64) !== 0x06064b50) throw unreadable();
    count = u64(zip, z64 + 32);
    cdOffset = u64(zip, z64 + 48);
  }
  const entries: ZipEntry[] = [];
  let declared = 0;
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw unreadable();
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressedSize = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    let localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLen);
    // ZIP64 sizes live in the extra field, in this order, only for the fields that overflowed.
    let x = at + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = zip.readUInt16LE(x);
      const len = zip.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = u64(zip, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(zip, p);
          p += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(zip, p);
      }
      x += 4 + len;
    }
    at = xEnd + commentLen;
    if (flags & 1 || (method !== 0 && method !== 8)) throw unreadable();
    const clean = normalize(name);
    if (name.includes("\0") || name.includes("\\") || clean.startsWith(sep) || /^[a-zA-Z]:/.test(clean) || clean.split(sep).includes("..")) throw unreadable();
    declared += size;
    if (declared > limit) throw tooBigUnzipped(limit);
    const unixMode = madeBy === 3 ? (external >>> 16) & 0o7777 : 0;
    entries.push({ name, method, compressedSize, size, localOffset, directory: name.endsWith("/"), ...(unixMode ? { mode: unixMode } : {}) });
  }
  return entries;
}

/** One entry's bytes, never more than its declared size (a lying entry is refused). */
export function entryData(zip: Buffer, e: ZipEntry): Buffer {
  try {
    if (zip.readUInt32LE(e.localOffset) !== 0x04034b50) throw unreadable();
    const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const raw = zip.subarray(start, start + e.compressedSize);
    if (raw.length !== e.compressedSize) throw unreadable();
    const data = e.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    if (data.length !== e.size) throw unreadable();
    return data;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code?.startsWith("Z_")) throw unreadable();
    throw err;
  }
}

/** Checks every entry inflates to its declared size (one entry in memory at a time). */
export function checkZip(zip: Buffer, limit = MAX_UNZIPPED_BYTES): number {
  let total = 0;
  for (const e of readZip(zip, limit)) {
    if (!e.directory) total += entryData(zip, e).length;
  }
  return total;
}

/** Extracts a checked zip into `dir` (which must exist), keeping Unix modes. */
export function extractZip(zip: Buffer, dir: string, limit = MAX_UNZIPPED_BYTES): void {
  let total = 0;
  for (const e of readZip(zip, limit)) {
    const target = join(dir, normalize(e.name));
    if (!target.startsWith(dir + sep)) continue;
    if (e.directory) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    const data = entryData(zip, e);
    total += data.length;
    if (total > limit) throw tooBigUnzipped(limit);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    if (e.mode !== undefined) chmodSync(target, e.mode & 0o777);
  }
}
