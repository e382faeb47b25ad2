/**
 * Backups taken without stopping writes. A backup is the table as it was when CreateBackup was
 * answered, copied in key order in chunks between requests. A write to a key the copy has not
 * reached yet first saves the key's current version into the backup (copy-on-write: the item's
 * text, or a tombstone when it did not exist); the copy's later INSERT OR IGNORE keeps that saved
 * version. The cursor, the counts and every saved version are committed with the writes and the
 * chunks, so a copy interrupted by a restart resumes where it stopped (DynamoState re-arms it).
 */
import type { Clock } from "../core/clock.js";
import type { Store } from "../core/db.js";
import type { BackupStatements } from "./backup-store.js";
import type { EncodedKey } from "./keys.js";
import { afterRequests, type ChunkPacing } from "./transfer/pacing.js";

/** Larger than every key's bytes (partition keys hold at most 2048): the end of the last chunk. */
const AFTER_ALL = Buffer.alloc(2049, 0xff);
const NONE = Buffer.alloc(0);

/** Where an unfinished copy stands, kept in the backup's meta (keys as hex). */
export interface CopyProgress {
  pk: string;
  sk: string;
  itemCount: number;
  sizeBytes: number;
}

interface CopyJob {
  bid: number;
  tid: number;
  pk: Buffer;
  sk: Buffer;
  itemCount: number;
  sizeBytes: number;
}

/** Is (pk, sk) after the cursor in SQLite's BLOB order (memcmp, then length)? */
function after(pk: Buffer, sk: Buffer, job: CopyJob): boolean {
  const c = Buffer.compare(pk, job.pk);
  return c > 0 || (c === 0 && Buffer.compare(sk, job.sk) > 0);
}

export class BackupCopies {
  private readonly byTable = new Map<number, CopyJob[]>();
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly sql: BackupStatements,
    private readonly clock: Clock,
    private readonly pacing: ChunkPacing,
  ) {}

  /** Inside a write's transaction, before the row of `key` changes (writes.ts). */
  preserve(tid: number, key: EncodedKey, old: { text: string; size: number } | undefined): void {
    if (this.byTable.size === 0) return;
    const jobs = this.byTable.get(tid);
    if (!jobs) return;
    for (const job of jobs) {
      if (after(key.pk, key.sk, job)) this.sql.preserveRow.run(job.bid, key.pk, key.sk, old ? old.text : "", old ? old.size : -1);
    }
  }

  /** Whether a copy of this table's rows is under way. */
  copying(tid: number): boolean {
    return this.byTable.has(tid);
  }

  /**
   * Starts copying table `tid` into backup `bid` (whose row is stored) and runs the first chunk;
   * the rest run between later requests. `track`: the bus's, so that settle waits for the copy.
   */
  start(bid: number, tid: number, progress?: CopyProgress, track?: (work: Promise<void>) => void): void {
    const job: CopyJob = progress
      ? { bid, tid, pk: Buffer.from(progress.pk, "hex"), sk: Buffer.from(progress.sk, "hex"), itemCount: progress.itemCount, sizeBytes: progress.sizeBytes }
      : { bid, tid, pk: NONE, sk: NONE, itemCount: 0, sizeBytes: 0 };
    const jobs = this.byTable.get(tid) ?? [];
    jobs.push(job);
    this.byTable.set(tid, jobs);
    if (!this.copyChunk(job)) this.continue(job, this.generation, track);
  }

  /** Finishes every copy of a table now (DeleteTable: its rows are about to go). */
  finishNow(tid: number): void {
    for (const job of [...(this.byTable.get(tid) ?? [])]) while (!this.copyChunk(job));
  }

  /** The store was swapped or reset: unfinished copies stop (DynamoState resumes them from the store). */
  clear(): void {
    this.byTable.clear();
    this.generation++;
  }

  private continue(job: CopyJob, generation: number, track?: (work: Promise<void>) => void): void {
    afterRequests(
      this.clock,
      this.pacing,
      () => {
        if (generation !== this.generation || !this.store.raw.open || !this.byTable.get(job.tid)?.includes(job)) return;
        if (!this.copyChunk(job)) this.continue(job, generation, track);
      },
      track,
    );
  }

  /** Copies the next chunk; true when the copy is complete (the backup is then AVAILABLE). */
  private copyChunk(job: CopyJob): boolean {
    return this.store.txn(() => {
      const end = this.sql.chunkEnd.get(job.tid, job.pk, job.sk, this.pacing.items - 1);
      const [pk, sk] = end ? [end.pk, end.sk] : [AFTER_ALL, AFTER_ALL];
      this.sql.copyRange.run(job.bid, job.tid, job.pk, job.sk, pk, sk);
      const stats = this.sql.backupRangeStats.get(job.bid, job.pk, job.sk, pk, sk);
      job.itemCount += stats?.n ?? 0;
      job.sizeBytes += stats?.bytes ?? 0;
      job.pk = pk;
      job.sk = sk;
      const row = this.sql.getBackupById.get(job.bid);
      if (!row) return this.drop(job);
      const meta = JSON.parse(row.meta) as { status?: string; itemCount: number; sizeBytes: number; copy?: CopyProgress };
      if (end) meta.copy = { pk: pk.toString("hex"), sk: sk.toString("hex"), itemCount: job.itemCount, sizeBytes: job.sizeBytes };
      else {
        delete meta.copy;
        meta.status = "AVAILABLE";
        meta.itemCount = job.itemCount;
        meta.sizeBytes = job.sizeBytes;
      }
      this.sql.updateBackupMeta.run(JSON.stringify(meta), job.bid);
      return end ? false : this.drop(job);
    });
  }

  private drop(job: CopyJob): true {
    const jobs = (this.byTable.get(job.tid) ?? []).filter((j) => j !== job);
    if (jobs.length) this.byTable.set(job.tid, jobs);
    else this.byTable.delete(job.tid);
    return true;
  }
}
