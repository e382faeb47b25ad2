/**
 * Small bodies are written with one synchronous call straight to their final blob path: measured,
 * a write stream plus the temp-file rename costs a 4 KiB PUT more CPU than the rest of the request.
 * The file is referenced only once the row commits; `abort` removes it otherwise.
 */
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { BlobStore } from "../core/blobs.js";
import { hexId } from "../core/ids.js";

export function writeBlobSync(blobs: BlobStore, data: Buffer): { id: string; commit(): void; abort(): void } {
  const id = hexId(16);
  const path = blobs.pathOf(id);
  try {
    writeFileSync(path, data, { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data, { flag: "wx" });
  }
  return {
    id,
    commit: () => undefined,
    abort: () => {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/** Objects up to this size are read in one call and sent as a buffer rather than streamed. */
export const SMALL_READ = 64 * 1024;
