/**
 * EphemeralStorage (512–10,240 MB): each environment has its own temporary directory (TMPDIR,
 * TMP, TEMP; `java.io.tmpdir`), standing for its `/tmp`, removed when the environment ends. Without
 * root there is no quota to give it, so the size is enforced in two ways:
 * - no single file can grow beyond the size: a process runtime's process (and what it starts) gets
 *   RLIMIT_FSIZE = the size (`prlimit`), so the write fails in the function (EFBIG, "File too
 *   large", where the runtime ignores SIGXFSZ as Python and the JVM do) or the runtime is killed by
 *   SIGXFSZ (Runtime.ExitError, "signal: file size limit exceeded");
 * - the directory as a whole is measured while an invocation runs and when it ends: past the size,
 *   the invocation fails with Runtime.ExitError ("No space left on device") and the environment is
 *   discarded with its files, as a function that hit ENOSPC usually ends on AWS.
 * Node.js functions share host processes, so only the second applies to them.
 */
import { execFile } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const EPHEMERAL_MIN_MB = 512;
export const EPHEMERAL_MAX_MB = 10240;
export const MB = 1024 * 1024;
/** How often a running invocation's temporary directory is measured. */
export const STORAGE_SAMPLE_MS = 250;

/** AWS's validation message for EphemeralStorage.Size, or undefined when it is valid. */
export function ephemeralStorageProblem(size: unknown): string | undefined {
  if (size === undefined || size === null) return undefined;
  if (typeof size !== "number" || !Number.isSafeInteger(size)) return undefined;
  if (size < EPHEMERAL_MIN_MB) return `Value '${size}' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to ${EPHEMERAL_MIN_MB}`;
  if (size > EPHEMERAL_MAX_MB) return `Value '${size}' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to ${EPHEMERAL_MAX_MB}`;
  return undefined;
}

/**
 * Bytes the directory's files occupy (allocated blocks, as a filesystem counts them), walking at
 * most `maxEntries` entries and stopping once past `stopAbove`.
 */
export function directoryBytes(dir: string, stopAbove = Infinity, maxEntries = 100_000): number {
  let total = 0;
  let seen = 0;
  const stack = [dir];
  while (stack.length > 0 && total <= stopAbove && seen < maxEntries) {
    const current = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of names) {
      if (++seen > maxEntries) break;
      const path = join(current, name);
      try {
        const st = lstatSync(path);
        if (st.isDirectory()) stack.push(path);
        else total += st.blocks * 512;
      } catch {
        // removed while we looked
      }
    }
  }
  return total;
}

/** True when the directory holds more than `limitBytes`; cheap when it is empty. */
export function storageExceeded(dir: string | undefined, limitBytes: number | undefined): boolean {
  if (!dir || !limitBytes) return false;
  return directoryBytes(dir, limitBytes) > limitBytes;
}

export function storageError(requestId: string, limitBytes: number): { errorType: string; errorMessage: string } {
  return {
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: No space left on device (the environment's /tmp holds more than its EphemeralStorage of ${Math.round(limitBytes / MB)} MB)`,
  };
}

let prlimitMissing = false;

/** Caps the size of any file the process (and the children it starts later) writes. */
export function limitFileSize(pid: number | undefined, bytes: number | undefined): void {
  if (pid === undefined || !bytes || prlimitMissing) return;
  execFile("prlimit", ["--pid", String(pid), `--fsize=${bytes}:${bytes}`], (err) => {
    if ((err as NodeJS.ErrnoException | null)?.code === "ENOENT") prlimitMissing = true;
  });
}
