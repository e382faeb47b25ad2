/**
 * DynamoDB's SQL: schema and prepared statements. Items are rows keyed by (table id, partition
 * key bytes, sort key bytes) with order-preserving key encodings, so an index range scan in
 * SQLite is a Query in DynamoDB's order. Secondary index entries live in their own table and are
 * written in the same transaction as the base item.
 */
import type { Statement } from "better-sqlite3";
import type { Migration, Stmt, Store } from "../core/db.js";
import { LOG_ROW } from "../core/log/service-event-log.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE ddb_tables (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        id INTEGER NOT NULL UNIQUE, meta TEXT NOT NULL,
        PRIMARY KEY (account, region, name));
      CREATE TABLE ddb_items (
        tid INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL,
        PRIMARY KEY (tid, pk, sk)) WITHOUT ROWID;
      CREATE TABLE ddb_index_items (
        tid INTEGER NOT NULL, idx INTEGER NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL,
        pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL,
        PRIMARY KEY (tid, idx, ipk, isk, pk, sk)) WITHOUT ROWID;
      CREATE TABLE ddb_tokens (
        account TEXT NOT NULL, region TEXT NOT NULL, token TEXT NOT NULL,
        hash TEXT NOT NULL, expires INTEGER NOT NULL, response TEXT NOT NULL,
        PRIMARY KEY (account, region, token));
    `,
  },
];

export interface TableRow {
  id: number;
  meta: string;
}
export interface ItemRow {
  item: string;
  size: number;
}
/**
 * A row of a Query or Scan: the item's JSON, its size, and (selected only by segmented scans:
 * Buffers per row are costly) the partition key bytes of the table or index read.
 */
export type ScanRow = [item: string, size: number, partition?: Buffer];

/**
 * A range statement in better-sqlite3's raw mode: rows come as arrays, not objects (measured ~20%
 * less CPU for a 100-row Query page). Re-prepared when the store's database was swapped (restore).
 */
export class RangeStmt {
  private prepared?: Statement;
  private generation = -1;
  constructor(
    private readonly store: Store,
    readonly sql: string,
  ) {}

  all(...params: unknown[]): ScanRow[] {
    if (this.generation !== this.store.generation || !this.prepared) {
      this.prepared = this.store.raw.prepare(this.sql).raw(true);
      this.generation = this.store.generation;
    }
    return this.prepared.all(...params) as ScanRow[];
  }
}

/**
 * The log partition of an item's stream records, `<table id>:<hex of pk>:<hex of sk>` (records of
 * one item stay in order): in SQL from a row's columns, in JavaScript from its key (`itemPartition`).
 */
const ITEM_PARTITION_SQL = "printf('%d:%s:%s', NEW.tid, lower(hex(NEW.pk)), lower(hex(NEW.sk)))";
export function itemPartition(tableId: number, pk: Buffer, sk: Buffer): string {
  return `${tableId}:${pk.toString("hex")}:${sk.toString("hex")}`;
}

/**
 * A PutItem and its stream record in one statement (streams/stream-put.ts): an insert into a view
 * whose trigger writes the record from the old row, unless the put changes nothing, then the item.
 * Temporary (per connection, not in snapshots): created again when the store's database is swapped.
 */
export class StreamPutStmt {
  private prepared?: Statement;
  private generation = -1;
  constructor(private readonly store: Store) {}

  /**
   * The record's text is `head` + INSERT or MODIFY + `mid` + its size (`base` plus the old item's
   * when `withOld`) + the old image (when `withOld` and there is an old item) + the new image (when `withNew`) + `}`.
   */
  run(tid: number, pk: Buffer, sk: Buffer, item: string, size: number, seq: number, at: number, head: string, mid: string, base: number, withOld: boolean, withNew: boolean): void {
    if (this.generation !== this.store.generation || !this.prepared) {
      this.store.exec(`
        CREATE TEMP VIEW IF NOT EXISTS ddb_stream_put (tid, pk, sk, item, size, seq, at, head, mid, base, with_old, with_new)
          AS SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL;
        CREATE TEMP TRIGGER IF NOT EXISTS ddb_stream_put_row INSTEAD OF INSERT ON ddb_stream_put BEGIN
          INSERT INTO ${LOG_ROW}
            SELECT NEW.seq, 'dynamo.ItemChanged', ${ITEM_PARTITION_SQL}, NEW.at,
              concat(NEW.head, iif(o.item IS NULL, 'INSERT', 'MODIFY'), NEW.mid, CAST(NEW.base + iif(NEW.with_old, ifnull(o.size, 0), 0) AS INTEGER),
                iif(NEW.with_old AND o.item IS NOT NULL, ',"oldImage":', NULL), iif(NEW.with_old, o.item, NULL),
                iif(NEW.with_new, ',"newImage":', NULL), iif(NEW.with_new, NEW.item, NULL), '}')
            FROM (SELECT 1) LEFT JOIN ddb_items AS o ON o.tid = NEW.tid AND o.pk = NEW.pk AND o.sk = NEW.sk
            WHERE o.item IS NOT NEW.item;
          INSERT OR REPLACE INTO ddb_items (tid, pk, sk, item, size) VALUES (NEW.tid, NEW.pk, NEW.sk, NEW.item, NEW.size);
        END;`);
      this.prepared = this.store.raw.prepare("INSERT INTO ddb_stream_put VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      this.generation = this.store.generation;
    }
    this.prepared.run(tid, pk, sk, item, size, seq, at, head, mid, base, withOld ? 1 : 0, withNew ? 1 : 0);
  }
}

/** The statements of one store (a server's database). */
export class DynamoStatements {
  readonly getTable: Stmt<TableRow>;
  readonly listTables: Stmt<{ name: string }>;
  readonly insertTable: Stmt;
  readonly updateTable: Stmt;
  readonly deleteTable: Stmt;
  readonly maxTableId: Stmt<{ id: number | null }>;
  readonly getItem: Stmt<ItemRow>;
  readonly putItem: Stmt;
  readonly deleteItem: Stmt;
  readonly deleteTableItems: Stmt;
  readonly deleteTableIndexItems: Stmt;
  readonly putIndexItem: Stmt;
  readonly deleteIndexItem: Stmt;
  readonly deleteIndex: Stmt;
  readonly tableStats: Stmt<{ n: number; bytes: number | null }>;
  readonly indexStats: Stmt<{ n: number; bytes: number | null }>;
  readonly partitionSize: Stmt<{ bytes: number | null }>;
  readonly indexPartitionSize: Stmt<{ bytes: number | null }>;
  readonly tableItems: Stmt<{ pk: Buffer; sk: Buffer; item: string }>;
  readonly deletingTables: Stmt<{ account: string; region: string; meta: string }>;
  readonly getToken: Stmt<{ hash: string; expires: number; response: string }>;
  readonly putToken: Stmt;
  readonly purgeTokens: Stmt;
  readonly streamPut: StreamPutStmt;
  private readonly dynamic = new Map<string, RangeStmt>();

  constructor(readonly store: Store) {
    this.getTable = store.stmt("SELECT id, meta FROM ddb_tables WHERE account = ? AND region = ? AND name = ?");
    this.listTables = store.stmt("SELECT name FROM ddb_tables WHERE account = ? AND region = ? AND name > ? ORDER BY name LIMIT ?");
    this.insertTable = store.stmt("INSERT INTO ddb_tables (account, region, name, id, meta) VALUES (?, ?, ?, ?, ?)");
    this.updateTable = store.stmt("UPDATE ddb_tables SET meta = ? WHERE id = ?");
    this.deleteTable = store.stmt("DELETE FROM ddb_tables WHERE id = ?");
    this.maxTableId = store.stmt("SELECT max(id) AS id FROM ddb_tables");
    this.getItem = store.stmt("SELECT item, size FROM ddb_items WHERE tid = ? AND pk = ? AND sk = ?");
    this.putItem = store.stmt("INSERT OR REPLACE INTO ddb_items (tid, pk, sk, item, size) VALUES (?, ?, ?, ?, ?)");
    this.deleteItem = store.stmt("DELETE FROM ddb_items WHERE tid = ? AND pk = ? AND sk = ?");
    this.deleteTableItems = store.stmt("DELETE FROM ddb_items WHERE tid = ?");
    this.deleteTableIndexItems = store.stmt("DELETE FROM ddb_index_items WHERE tid = ?");
    this.putIndexItem = store.stmt("INSERT OR REPLACE INTO ddb_index_items (tid, idx, ipk, isk, pk, sk, item, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.deleteIndexItem = store.stmt("DELETE FROM ddb_index_items WHERE tid = ? AND idx = ? AND ipk = ? AND isk = ? AND pk = ? AND sk = ?");
    this.deleteIndex = store.stmt("DELETE FROM ddb_index_items WHERE tid = ? AND idx = ?");
    this.tableStats = store.stmt("SELECT count(*) AS n, sum(size) AS bytes FROM ddb_items WHERE tid = ?");
    this.indexStats = store.stmt("SELECT count(*) AS n, sum(size) AS bytes FROM ddb_index_items WHERE tid = ? AND idx = ?");
    this.tableItems = store.stmt("SELECT pk, sk, item FROM ddb_items WHERE tid = ? ORDER BY pk, sk");
    this.partitionSize = store.stmt("SELECT sum(size) AS bytes FROM ddb_items WHERE tid = ? AND pk = ?");
    this.indexPartitionSize = store.stmt("SELECT sum(size) AS bytes FROM ddb_index_items WHERE tid = ? AND idx = ? AND ipk = ?");
    this.deletingTables = store.stmt(`SELECT account, region, meta FROM ddb_tables WHERE meta LIKE '%"deletingUntil"%'`);
    this.getToken = store.stmt("SELECT hash, expires, response FROM ddb_tokens WHERE account = ? AND region = ? AND token = ?");
    this.purgeTokens = store.stmt("DELETE FROM ddb_tokens WHERE expires <= ?");
    this.streamPut = new StreamPutStmt(store);
    this.putToken = store.stmt("INSERT OR REPLACE INTO ddb_tokens (account, region, token, hash, expires, response) VALUES (?, ?, ?, ?, ?, ?)");
  }

  /** Range statements are built from a few shapes and prepared once per shape. */
  range(sql: string): RangeStmt {
    let s = this.dynamic.get(sql);
    if (!s) {
      s = new RangeStmt(this.store, sql);
      this.dynamic.set(sql, s);
    }
    return s;
  }
}
