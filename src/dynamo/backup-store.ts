/**
 * Storage of on-demand backups (their items copied whole, by SQLite, in one statement) and of
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
  readonly copyToBackup: Stmt;
  readonly backupStats: Stmt<{ n: number; bytes: number | null }>;
  readonly restoreBackupItems: Stmt;
  readonly deleteBackupItems: Stmt;
  readonly putHistory: Stmt;
  readonly baseHistory: Stmt;
  readonly restoreHistory: Stmt;
  readonly pruneHistory: Stmt;
  readonly dropHistory: Stmt;
  readonly copyTableItems: Stmt;
  readonly itemsAt: Stmt<{ item: string }>;
  readonly changesBetween: Stmt<{ at: number; new_item: string | null; old_item: string | null }>;
  readonly getVersion: Stmt<{ at: number; region: string }>;
  readonly putVersion: Stmt;

  constructor(store: Store) {
    this.insertBackup = store.stmt("INSERT INTO ddb_backups (id, account, region, arn, table_name, created, meta) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.getBackup = store.stmt("SELECT id, arn, table_name, created, meta FROM ddb_backups WHERE account = ? AND region = ? AND arn = ?");
    this.listBackups = store.stmt("SELECT id, arn, table_name, created, meta FROM ddb_backups WHERE account = ? AND region = ? ORDER BY created, arn");
    this.deleteBackup = store.stmt("DELETE FROM ddb_backups WHERE id = ?");
    this.maxBackupId = store.stmt("SELECT max(id) AS id FROM ddb_backups");
    this.copyToBackup = store.stmt("INSERT INTO ddb_backup_items (bid, pk, sk, item, size) SELECT ?, pk, sk, item, size FROM ddb_items WHERE tid = ?");
    this.backupStats = store.stmt("SELECT count(*) AS n, sum(size) AS bytes FROM ddb_backup_items WHERE bid = ?");
    this.restoreBackupItems = store.stmt("INSERT INTO ddb_items (tid, pk, sk, item, size) SELECT ?, pk, sk, item, size FROM ddb_backup_items WHERE bid = ?");
    this.deleteBackupItems = store.stmt("DELETE FROM ddb_backup_items WHERE bid = ?");
    this.putHistory = store.stmt("INSERT OR REPLACE INTO ddb_pitr (tid, pk, sk, at, item, size) VALUES (?, ?, ?, ?, ?, ?)");
    this.baseHistory = store.stmt("INSERT OR REPLACE INTO ddb_pitr (tid, pk, sk, at, item, size) SELECT tid, pk, sk, ?, item, size FROM ddb_items WHERE tid = ?");
    // The newest version of each key at or before the instant, unless that version is a deletion.
    this.restoreHistory = store.stmt(`
      INSERT INTO ddb_items (tid, pk, sk, item, size)
      SELECT ?, h.pk, h.sk, h.item, h.size FROM ddb_pitr h
      WHERE h.tid = ? AND h.item IS NOT NULL AND h.at = (
        SELECT max(h2.at) FROM ddb_pitr h2 WHERE h2.tid = h.tid AND h2.pk = h.pk AND h2.sk = h.sk AND h2.at <= ?)`);
    // Versions older than the window's start are dropped, except the one in force at the start.
    this.pruneHistory = store.stmt(`
      DELETE FROM ddb_pitr WHERE tid = ? AND at < ? AND EXISTS (
        SELECT 1 FROM ddb_pitr h2 WHERE h2.tid = ddb_pitr.tid AND h2.pk = ddb_pitr.pk AND h2.sk = ddb_pitr.sk AND h2.at > ddb_pitr.at AND h2.at <= ?)`);
    this.dropHistory = store.stmt("DELETE FROM ddb_pitr WHERE tid = ?");
    this.itemsAt = store.stmt(`
      SELECT h.item FROM ddb_pitr h
      WHERE h.tid = ? AND h.item IS NOT NULL AND h.at = (
        SELECT max(h2.at) FROM ddb_pitr h2 WHERE h2.tid = h.tid AND h2.pk = h.pk AND h2.sk = h.sk AND h2.at <= ?)
      ORDER BY h.pk, h.sk`);
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
