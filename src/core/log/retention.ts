/**
 * Drops facts past their kind's age, and delivered facts of kinds dropped once consumed. Runs at
 * most once a second of clock time. Facts are in `at` order (the clock's), so the first fact young
 * enough is found by a binary search over seq (point lookups) and each DELETE walks a seq range: no
 * index on `at` or `kind` for every append to pay for. A range starts where the kind's previous drop
 * ended (nothing of that kind is left before it), so each second walks the facts appended since,
 * not the whole log (a stream's 24 hours of records). The newest fact is always kept.
 */
import type { Clock } from "../clock.js";
import type { Stmt, Store } from "../db.js";
import { factRetention, type FactKind } from "./facts.js";

const EVERY_MS = 1000;

/**
 * The log's first and last seq. Two subqueries: SQLite reads a lone min() or max() of the key from
 * one end of the table, but scans every row for both in one SELECT (each second, over 24 hours of
 * stream records).
 */
export const LOG_BOUNDS_SQL = "SELECT (SELECT min(seq) FROM core_log) AS lo, (SELECT max(seq) FROM core_log) AS hi";

export class LogRetention {
  private last = -Infinity;
  /** Per kind: no fact of it is left before this seq (in the store's current database). */
  private droppedTo = new Map<FactKind, number>();
  private generation = -1;
  private sql?: { bounds: Stmt<{ lo: number | null; hi: number | null }>; firstFrom: Stmt<{ seq: number; at: number }>; dropBefore: Stmt };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * `consumers`: every consumer's kinds and checkpoint (facts dropped once consumed wait for all of
   * them). Returns whether it ran (at most once a second).
   */
  run(consumers: Iterable<{ kinds: FactKind[]; checkpoint: number }>): boolean {
    const now = this.clock.now();
    if (now - this.last < EVERY_MS) return false;
    this.last = now;
    const sql = (this.sql ??= {
      bounds: this.store.stmt<{ lo: number | null; hi: number | null }>(LOG_BOUNDS_SQL),
      firstFrom: this.store.stmt<{ seq: number; at: number }>("SELECT seq, at FROM core_log WHERE seq >= ? ORDER BY seq LIMIT 1"),
      dropBefore: this.store.stmt("DELETE FROM core_log WHERE seq >= ? AND seq < ? AND kind = ?"),
    });
    const { lo, hi } = sql.bounds.get() ?? { lo: null, hi: null };
    if (lo === null || hi === null) return true;
    if (this.generation !== this.store.generation) {
      this.droppedTo.clear();
      this.generation = this.store.generation;
    }
    /** The smallest seq whose fact (or the next one) was appended at or after `cutoff`. */
    const youngFrom = (cutoff: number): number => {
      let from = lo;
      let to = hi;
      while (from < to) {
        const mid = Math.floor((from + to) / 2);
        const row = sql.firstFrom.get(mid);
        if (!row || row.at >= cutoff) to = mid;
        else from = row.seq + 1;
      }
      return from;
    };
    const rows = [...consumers];
    this.store.txn(() => {
      for (const [kind, retention] of Object.entries(factRetention) as [FactKind, (typeof factRetention)[FactKind]][]) {
        let before = youngFrom(now - retention.maxAgeMs);
        if (retention.dropWhenConsumed) {
          let min = Infinity;
          for (const row of rows) if (row.kinds.includes(kind)) min = Math.min(min, row.checkpoint);
          if (Number.isFinite(min)) before = Math.max(before, min + 1);
        }
        before = Math.min(before, hi);
        const from = Math.max(lo, this.droppedTo.get(kind) ?? lo);
        if (before > from) {
          sql.dropBefore.run(from, before, kind);
          this.droppedTo.set(kind, before);
        }
      }
    });
    return true;
  }
}
