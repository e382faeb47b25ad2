/**
 * EphemeralStorage (512–10,240 MB): each environment has its own temporary directory (TMPDIR,
 * TMP, TEMP; `java.io.tmpdir`), standing for its `/tmp`, removed when the environment ends. Without
 * root there is no quota to give it, so the size is enforced in two ways:
 * - no single file can grow beyond the size: a process runtime's process (and what it starts) gets
 *   RLIMIT_FSIZE = the size (started through `prlimit`; a SnapStart fork gets it with
 *   `prlimit --pid`), so the write fails in the function (EFBIG, "File too
 *   large", where the runtime ignores SIGXFSZ as Python and the JVM do) or the runtime is killed by
 *   SIGXFSZ (Runtime.ExitError, "signal: file size limit exceeded");
 * - the directory as a whole is measured while an invocation runs and when it ends: past the size,
 *   the invocation fails with Runtime.ExitError ("No space left on device") and the environment is
 *   discarded with its files, as a function that hit ENOSPC usually ends on AWS.
 * Node.js functions share host processes, so only the second applies to them.
 */
import { execFile } from "node:child_process";
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";

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

/**
 * The directories measured, each with a descriptor held open (an fstat costs a fraction of a stat
 * by path, which every invocation's end paid) and its modification time when it was last
 * measured empty (an entry added or removed changes it).
 */
const watched = new Map<string, { fd: number; emptyAt?: number }>();

/** The directory's modification time, through its held descriptor (reopened if the directory was replaced). */
function directoryMtime(dir: string): { mtime: number; entry: { fd: number; emptyAt?: number } } | undefined {
  let entry = watched.get(dir);
  if (entry) {
    try {
      const st = fstatSync(entry.fd);
      if (st.nlink > 0) return { mtime: st.mtimeMs, entry };
    } catch {
      // closed under us: reopen
    }
    forgetStorage(dir);
  }
  try {
    const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    entry = { fd };
    watched.set(dir, entry);
    return { mtime: fstatSync(fd).mtimeMs, entry };
  } catch {
    return undefined;
  }
}

/** True when the directory holds more than `limitBytes`; one fstat when it was empty and nothing was added since. */
export function storageExceeded(dir: string | undefined, limitBytes: number | undefined): boolean {
  if (!dir || !limitBytes) return false;
  const found = directoryMtime(dir);
  if (!found) return false;
  const { mtime, entry } = found;
  if (entry.emptyAt === mtime) return false;
  const bytes = directoryBytes(dir, limitBytes);
  entry.emptyAt = bytes === 0 && readdirSync(dir).length === 0 ? mtime : undefined;
  return bytes > limitBytes;
}

/** Forgets a directory (its environment ended). */
export function forgetStorage(dir: string | undefined): void {
  const entry = dir === undefined ? undefined : watched.get(dir);
  if (!entry) return;
  watched.delete(dir!);
  try {
    closeSync(entry.fd);
  } catch {
    // already closed
  }
}

export function storageError(requestId: string, limitBytes: number): { errorType: string; errorMessage: string } {
  return {
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: No space left on device (the environment's /tmp holds more than its EphemeralStorage of ${Math.round(limitBytes / MB)} MB)`,
  };
}

let prlimitMissing = false;

/** The executable a command names (absolute, or found on PATH), or undefined. */
function executable(command: string, path: string | undefined): string | undefined {
  const candidates = isAbsolute(command) ? [command] : (path ?? "").split(":").filter(Boolean).map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

let prlimitPath: string | undefined | null;

/**
 * The command line that starts a process with RLIMIT_FSIZE already set (`prlimit --fsize=N --
 * command args`): no window before the limit applies, and no second process to spawn. A command
 * that is missing or not executable is started as it is, so its spawn error stays the one AWS
 * reports; without `prlimit` on the machine, likewise (then the directory check alone applies).
 */
export function withFileSizeLimit(command: string, args: string[], bytes: number | undefined, path: string | undefined): [string, string[]] {
  if (!bytes) return [command, args];
  if (prlimitPath === undefined) prlimitPath = executable("prlimit", process.env.PATH ?? "/usr/bin:/bin") ?? null;
  const resolved = prlimitPath ? executable(command, path) : undefined;
  if (!prlimitPath || !resolved) return [command, args];
  return [prlimitPath, [`--fsize=${bytes}:${bytes}`, "--", resolved, ...args]];
}

/** Caps the size of any file a running process (and the children it starts later) writes. */
export function limitFileSize(pid: number | undefined, bytes: number | undefined): void {
  if (pid === undefined || !bytes || prlimitMissing) return;
  execFile("prlimit", ["--pid", String(pid), `--fsize=${bytes}:${bytes}`], (err) => {
    if ((err as NodeJS.ErrnoException | null)?.code === "ENOENT") prlimitMissing = true;
  });
}
