/**
 * Filling a restored table in chunks of key ranges between requests, with its index entries; the
 * table is CREATING (readyAt in the future: no reads or writes) until the last chunk. The progress
 * is kept in the table's description with each chunk, so a restart goes on from there.
 */
import type { Clock } from "../core/clock.js";
import type { Store } from "../core/db.js";
import { itemSize, type Item } from "./attribute-value.js";
import { indexKeyOf } from "./keys.js";
import type { DynamoState } from "./state.js";
import type { TableMeta } from "./table-meta.js";
import { afterRequests } from "./transfer/pacing.js";
import { projectForIndex } from "./writes.js";

/** Where the items come from: a backup, or a table's PITR history at an instant. */
export type FillSource = { backupId: number } | { historyOf: number; at: number };

/** Kept in TableMeta.filling while the table fills (keys as hex). */
export interface FillProgress {
  source: FillSource;
  after: { pk: string; sk: string };
  /** When the table would have been ACTIVE had it been filled at once (a status delay). */
  readyAt: number;
}

/** What a fill needs from a request (or, after a restart, from the server). */
export interface FillEnv {
  store: Store;
  clock: Clock;
  accountId: string;
  region: string;
  /** The bus's: settle waits for the fill. */
  track?: (work: Promise<void>) => void;
}

interface KeyBytes {
  pk: Buffer;
  sk: Buffer;
}

/** Larger than every key's bytes (partition keys hold at most 2048). */
const END: KeyBytes = { pk: Buffer.alloc(2049, 0xff), sk: Buffer.alloc(2049, 0xff) };
export const FILLING = Number.MAX_SAFE_INTEGER;

function chunkEnd(st: DynamoState, source: FillSource, after: KeyBytes, n: number): KeyBytes | undefined {
  return "backupId" in source ? st.backups.backupChunkEnd.get(source.backupId, after.pk, after.sk, n) : st.backups.historyChunkEnd.get(source.historyOf, after.pk, after.sk, n);
}

function copy(st: DynamoState, source: FillSource, tid: number, after: KeyBytes, upTo: KeyBytes): void {
  if ("backupId" in source) st.backups.restoreBackupRange.run(tid, source.backupId, after.pk, after.sk, upTo.pk, upTo.sk);
  else st.backups.restoreHistoryRange.run(tid, source.historyOf, source.at, after.pk, after.sk, upTo.pk, upTo.sk);
}

/** Writes the index entries of the items of a range just restored into `table`. */
function indexRange(st: DynamoState, table: TableMeta, after: KeyBytes, upTo: KeyBytes): void {
  if (table.indexes.length === 0) return;
  for (const row of st.backups.restoredRange.all(table.id, after.pk, after.sk, upTo.pk, upTo.sk)) {
    const item = JSON.parse(row.item) as Item;
    for (const index of table.indexes) {
      const k = indexKeyOf(index, item);
      if (!k) continue;
      const projected = projectForIndex(table, index, item);
      st.sql.putIndexItem.run(table.id, index.id, k.pk, k.sk, row.pk, row.sk, JSON.stringify(projected), itemSize(projected));
    }
  }
}

/** One chunk; true when it was the last (the table is then ACTIVE). */
function fillChunk(env: FillEnv, st: DynamoState, table: TableMeta): boolean {
  return env.store.txn(() => {
    const progress = table.filling!;
    const after = { pk: Buffer.from(progress.after.pk, "hex"), sk: Buffer.from(progress.after.sk, "hex") };
    const upTo = chunkEnd(st, progress.source, after, st.config.bulkChunkItems - 1) ?? END;
    copy(st, progress.source, table.id, after, upTo);
    indexRange(st, table, after, upTo);
    if (upTo === END) {
      table.readyAt = Math.max(progress.readyAt, env.clock.now());
      delete table.filling;
    } else progress.after = { pk: upTo.pk.toString("hex"), sk: upTo.sk.toString("hex") };
    st.saveTable(env.accountId, env.region, table);
    return upTo === END;
  });
}

function fillLater(env: FillEnv, st: DynamoState, table: TableMeta): void {
  afterRequests(
    env.clock,
    { items: st.config.bulkChunkItems, delayMs: st.config.bulkChunkDelayMs },
    () => {
      const now = st.isOpen() ? st.table(env.accountId, env.region, table.name) : undefined;
      if (now?.id !== table.id || !now.filling) return;
      if (!fillChunk(env, st, now)) fillLater(env, st, now);
    },
    env.track,
  );
}

/** Starts filling `table` (just created, empty) from `source`: the first chunk now, the rest later. */
export function startFill(env: FillEnv, st: DynamoState, table: TableMeta, source: FillSource): void {
  table.filling = { source, after: { pk: "", sk: "" }, readyAt: table.readyAt };
  table.readyAt = FILLING;
  if (!fillChunk(env, st, table)) fillLater(env, st, table);
}

/** After a restart: fills left unfinished go on. */
export function resumeFills(env: Omit<FillEnv, "accountId" | "region">, st: DynamoState): void {
  for (const row of st.backups.fillingTables.all()) {
    const table = st.table(row.account, row.region, row.name);
    if (table?.filling) fillLater({ ...env, accountId: row.account, region: row.region }, st, table);
  }
}
