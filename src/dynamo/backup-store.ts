/**
 * Storage of on-demand backups (their items copied by SQLite in key-ordered chunks, backup-copy.ts;
 * a row with size -1 is a tombstone: the key did not exist when the backup was taken) and of
 * point-in-time recovery history (every version of every item of a table with PITR on, written
 * in the same transaction as the item; a table's contents when PITR was turned on are its base),
 * and the last-writer-wins versions of global tables' items (replication.ts).
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const backupMigrations: Migration[] = [
  {
    version: 2,
    sql: `
      CREATE TABLE ddb_backups (
        id INTEGER PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, arn TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL, created INTEGER NOT NULL, meta TEXT NOT NULL);
      CREATE TABLE ddb_backup_items (
        bid INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL,
        PRIMARY KEY (bid, pk, sk)) WITHOUT ROWID;
      CREATE TABLE ddb_replica_versions (
        tid INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, at INTEGER NOT NULL, region TEXT NOT NULL,
        PRIMARY KEY (tid, pk, sk)) WITHOUT ROWID;
      CREATE TABLE ddb_pitr (
        tid INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, at INTEGER NOT NULL, item TEXT, size INTEGER NOT NULL,
        PRIMARY KEY (tid, pk, sk, at)) WITHOUT ROWID;
    `,
  },
];

export interface BackupRow {
  id: number;
  arn: string;
  table_name: string;
  created: number;
  meta: string;
}

export class BackupStatements {
  readonly insertBackup: Stmt;
  readonly getBackup: Stmt<BackupRow>;
  readonly listBackups: Stmt<BackupRow>;
  readonly deleteBackup: Stmt;
  readonly maxBackupId: Stmt<{ id: number | null }>;
  readonly getBackupById: Stmt<{ meta: string }>;
  readonly creatingBackups: Stmt<{ id: number; meta: string }>;
  readonly fillingTables: Stmt<{ account: string; region: string; name: string }>;
  readonly updateBackupMeta: Stmt;
  readonly preserveRow: Stmt;
  readonly chunkEnd: Stmt<{ pk: Buffer; sk: Buffer }>;
  readonly copyRange: Stmt;
  readonly backupRangeStats: Stmt<{ n: number; bytes: number | null }>;
  readonly backupChunkEnd: Stmt<{ pk: Buffer; sk: Buffer }>;
  readonly restoreBackupRange: Stmt;
  readonly historyChunkEnd: Stmt<{ pk: Buffer; sk: Buffer }>;
  readonly restoreHistoryRange: Stmt;
  readonly restoredRange: Stmt<{ pk: Buffer; sk: Buffer; item: string }>;
  readonly deleteBackupItems: Stmt;
  readonly putHistory: Stmt;
  readonly baseHistory: Stmt;
  readonly pruneHistory: Stmt;
  readonly dropHistory: Stmt;
  readonly copyTableItems: Stmt;
  readonly itemsAt: Stmt<{ pk: Buffer; sk: Buffer; item: string }>;
  readonly changesBetween: Stmt<{ at: number; new_item: string | null; old_item: string | null }>;
  readonly getVersion: Stmt<{ at: number; region: string }>;
  readonly putVersion: Stmt;

  constructor(store: Store) {
    this.insertBackup = store.stmt("INSERT INTO ddb_backups (id, account, region, arn, table_name, created, meta) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.getBackup = store.stmt("SELECT id, arn, table_name, created, meta FROM ddb_backups WHERE account = ? AND region = ? AND arn = ?");
    this.listBackups = store.stmt("SELECT id, arn, table_name, created, meta FROM ddb_backups WHERE account = ? AND region = ? ORDER BY created, arn");
    this.deleteBackup = store.stmt("DELETE FROM ddb_backups WHERE id = ?");
    this.maxBackupId = store.stmt("SELECT max(id) AS id FROM ddb_backups");
    this.getBackupById = store.stmt("SELECT meta FROM ddb_backups WHERE id = ?");
    this.creatingBackups = store.stmt(`SELECT id, meta FROM ddb_backups WHERE meta LIKE '%"status":"CREATING"%'`);
    this.fillingTables = store.stmt(`SELECT account, region, name FROM ddb_tables WHERE meta LIKE '%"filling":{%'`);
    this.updateBackupMeta = store.stmt("UPDATE ddb_backups SET meta = ? WHERE id = ?");
    this.preserveRow = store.stmt("INSERT OR IGNORE INTO ddb_backup_items (bid, pk, sk, item, size) VALUES (?, ?, ?, ?, ?)");
    // Chunks are key ranges (after, upTo]: the last key of the next `n + 1` rows ends one.
    this.chunkEnd = store.stmt("SELECT pk, sk FROM ddb_items WHERE tid = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT 1 OFFSET ?");
    this.copyRange = store.stmt("INSERT OR IGNORE INTO ddb_backup_items (bid, pk, sk, item, size) SELECT ?, pk, sk, item, size FROM ddb_items WHERE tid = ? AND (pk, sk) > (?, ?) AND (pk, sk) <= (?, ?)");
    this.backupRangeStats = store.stmt("SELECT count(*) AS n, sum(size) AS bytes FROM ddb_backup_items WHERE bid = ? AND (pk, sk) > (?, ?) AND (pk, sk) <= (?, ?) AND size >= 0");
    this.backupChunkEnd = store.stmt("SELECT pk, sk FROM ddb_backup_items WHERE bid = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT 1 OFFSET ?");
    this.restoreBackupRange = store.stmt("INSERT INTO ddb_items (tid, pk, sk, item, size) SELECT ?, pk, sk, item, size FROM ddb_backup_items WHERE bid = ? AND (pk, sk) > (?, ?) AND (pk, sk) <= (?, ?) AND size >= 0");
    this.historyChunkEnd = store.stmt("SELECT pk, sk FROM ddb_pitr WHERE tid = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk, at LIMIT 1 OFFSET ?");
    // The newest version of each key at or before the instant (SQLite takes the bare columns from
    // the row holding max(at)), unless that version is a deletion.
    this.restoreHistoryRange = store.stmt(`
      INSERT INTO ddb_items (tid, pk, sk, item, size)
      SELECT ?, pk, sk, item, size FROM (
        SELECT pk, sk, item, size, max(at) FROM ddb_pitr WHERE tid = ? AND at <= ? AND (pk, sk) > (?, ?) AND (pk, sk) <= (?, ?) GROUP BY pk, sk)
      WHERE item IS NOT NULL`);
    this.restoredRange = store.stmt("SELECT pk, sk, item FROM ddb_items WHERE tid = ? AND (pk, sk) > (?, ?) AND (pk, sk) <= (?, ?)");
    this.deleteBackupItems = store.stmt("DELETE FROM ddb_backup_items WHERE bid = ?");
    this.putHistory = store.stmt("INSERT OR REPLACE INTO ddb_pitr (tid, pk, sk, at, item, size) VALUES (?, ?, ?, ?, ?, ?)");
    this.baseHistory = store.stmt("INSERT OR REPLACE INTO ddb_pitr (tid, pk, sk, at, item, size) SELECT tid, pk, sk, ?, item, size FROM ddb_items WHERE tid = ?");
    // Versions older than the window's start are dropped, except the one in force at the start.
    this.pruneHistory = store.stmt(`
      DELETE FROM ddb_pitr WHERE tid = ? AND at < ? AND EXISTS (
        SELECT 1 FROM ddb_pitr h2 WHERE h2.tid = ddb_pitr.tid AND h2.pk = ddb_pitr.pk AND h2.sk = ddb_pitr.sk AND h2.at > ddb_pitr.at AND h2.at <= ?)`);
    this.dropHistory = store.stmt("DELETE FROM ddb_pitr WHERE tid = ?");
    // The items at an instant, in key order, after a key: `n` at most (an export's data file).
    this.itemsAt = store.stmt(
      "SELECT pk, sk, item FROM (SELECT pk, sk, item, max(at) FROM ddb_pitr WHERE tid = ? AND at <= ? AND (pk, sk) > (?, ?) GROUP BY pk, sk) WHERE item IS NOT NULL LIMIT ?",
    );
    // Items changed in (from, to]: their versions at `to` and at `from` (either may be absent).
    this.changesBetween = store.stmt(`
      WITH changed AS (SELECT DISTINCT pk, sk FROM ddb_pitr WHERE tid = @tid AND at > @from AND at <= @to)
      SELECT
        (SELECT max(at) FROM ddb_pitr h WHERE h.tid = @tid AND h.pk = c.pk AND h.sk = c.sk AND h.at <= @to) AS at,
        (SELECT item FROM ddb_pitr h WHERE h.tid = @tid AND h.pk = c.pk AND h.sk = c.sk AND h.at <= @to ORDER BY at DESC LIMIT 1) AS new_item,
        (SELECT item FROM ddb_pitr h WHERE h.tid = @tid AND h.pk = c.pk AND h.sk = c.sk AND h.at <= @from ORDER BY at DESC LIMIT 1) AS old_item
      FROM changed c ORDER BY c.pk, c.sk`);
    this.copyTableItems = store.stmt("INSERT INTO ddb_items (tid, pk, sk, item, size) SELECT ?, pk, sk, item, size FROM ddb_items WHERE tid = ?");
    this.getVersion = store.stmt("SELECT at, region FROM ddb_replica_versions WHERE tid = ? AND pk = ? AND sk = ?");
    this.putVersion = store.stmt("INSERT OR REPLACE INTO ddb_replica_versions (tid, pk, sk, at, region) VALUES (?, ?, ?, ?, ?)");
  }
}
