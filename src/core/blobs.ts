import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, renameSync, existsSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { hexId } from "./ids.js";

/** unlink, ignoring a file that is already gone (rmSync's rimraf costs several extra syscalls per file). */
function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/**
 * Immutable files by random id under <data-dir>/blobs (a temp directory when in memory). Rows in
 * the store reference blobs by id, so a database snapshot is a snapshot of everything. Names from
 * requests are never used as paths: ids are ours, hex only.
 */
export class BlobStore {
  readonly dir: string;
  private readonly temporary: boolean;
  /** Blobs released while snapshots exist: deleted once no snapshot can reference them. */
  private deferred = new Set<string>();

  constructor(dataDir: string | undefined) {
    if (dataDir) {
      this.dir = join(dataDir, "blobs");
      mkdirSync(this.dir, { recursive: true });
      this.temporary = false;
    } else {
      this.dir = mkdtempSync(join(tmpdir(), "local-aws-blobs-"));
      this.temporary = true;
    }
    mkdirSync(join(this.dir, "tmp"), { recursive: true });
  }

  /** A fresh id and a temp path to write to; `commit` moves it into place atomically. */
  begin(): { id: string; tempPath: string; commit(): void; abort(): void } {
    const id = hexId(16);
    const tempPath = join(this.dir, "tmp", id);
    return {
      id,
      tempPath,
      commit: () => {
        const final = this.pathOf(id);
        mkdirSync(join(this.dir, id.slice(0, 2)), { recursive: true });
        renameSync(tempPath, final);
      },
      abort: () => rmSync(tempPath, { force: true }),
    };
  }

  /** Opens a write stream for a new blob (see `begin`). */
  createWriter(): { id: string; stream: NodeJS.WritableStream; commit(): void; abort(): void } {
    const tx = this.begin();
    const stream = createWriteStream(tx.tempPath);
    return { id: tx.id, stream, commit: tx.commit, abort: tx.abort };
  }

  pathOf(id: string): string {
    if (!/^[0-9a-f]{8,64}$/.test(id)) throw new Error(`invalid blob id ${JSON.stringify(id)}`);
    return join(this.dir, id.slice(0, 2), id);
  }

  exists(id: string): boolean {
    return existsSync(this.pathOf(id));
  }

  size(id: string): number {
    return statSync(this.pathOf(id)).size;
  }

  read(id: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(id), range ? { start: range.start, end: range.end } : undefined);
  }

  /** Deletes the blob now, or once no snapshot can reference it. */
  release(id: string, snapshotsExist: boolean): void {
    if (snapshotsExist) this.deferred.add(id);
    else removeFile(this.pathOf(id));
  }

  /** Called when snapshots are dropped: deletes what was deferred. */
  collectDeferred(isReferenced: (id: string) => boolean = () => false): void {
    for (const id of this.deferred) if (!isReferenced(id)) removeFile(this.pathOf(id));
    this.deferred.clear();
  }

  close(): void {
    if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
  }
}
