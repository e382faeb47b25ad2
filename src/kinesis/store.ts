/**
 * Kinesis in SQLite: streams (description as JSON), shards (hash range, parents, sequence range)
 * and records keyed by (stream, shard, sequence number). Sequence numbers are 56 decimal digits,
 * so text order is numeric order. A record's data is kept as its base64 text (`data64`), the form
 * PutRecord receives and GetRecords, Lambda events and SubscribeToShard send.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE kinesis_streams (
        arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, meta TEXT NOT NULL,
        UNIQUE (account, region, name));
      CREATE TABLE kinesis_shards (
        stream TEXT NOT NULL, shard_id TEXT NOT NULL, meta TEXT NOT NULL, PRIMARY KEY (stream, shard_id)) WITHOUT ROWID;
      CREATE TABLE kinesis_records (
        stream TEXT NOT NULL, shard_id TEXT NOT NULL, seq TEXT NOT NULL, arrival INTEGER NOT NULL,
        partition_key TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (stream, shard_id, seq)) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE kinesis_consumers (
        arn TEXT PRIMARY KEY, stream TEXT NOT NULL, name TEXT NOT NULL, meta TEXT NOT NULL, UNIQUE (stream, name));
    `,
  },
  {
    // Data as base64 text: GetRecords no longer builds a Buffer per record and encodes it again.
    version: 3,
    sql: (db) => {
      db.exec(`
        ALTER TABLE kinesis_records RENAME TO kinesis_records_v2;
        CREATE TABLE kinesis_records (
          stream TEXT NOT NULL, shard_id TEXT NOT NULL, seq TEXT NOT NULL, arrival INTEGER NOT NULL,
          partition_key TEXT NOT NULL, data64 TEXT NOT NULL, PRIMARY KEY (stream, shard_id, seq)) WITHOUT ROWID;
      `);
      const rows = db.prepare("SELECT stream, shard_id, seq, arrival, partition_key, data FROM kinesis_records_v2").raw(true).all() as [string, string, string, number, string, Buffer][];
      const insert = db.prepare("INSERT INTO kinesis_records (stream, shard_id, seq, arrival, partition_key, data64) VALUES (?, ?, ?, ?, ?, ?)");
      for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], Buffer.from(r[5]).toString("base64"));
      db.exec("DROP TABLE kinesis_records_v2");
    },
  },
];

/** The number of bytes a base64 text decodes to (as it was stored: canonical, padded). */
export function base64Size(text: string): number {
  return (text.length >> 2) * 3 - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
}

/** A record as read raw: sequence number, arrival (ms), partition key, data as base64. */
export type RawRecordRow = [seq: string, arrival: number, partitionKey: string, data64: string];

export interface RecordRow {
  seq: string;
  arrival: number;
  partition_key: string;
  data: Buffer;
}

export class KinesisStatements {
  readonly putStream: Stmt;
  readonly stream: Stmt<{ arn: string; meta: string }>;
  readonly streamByArn: Stmt<{ meta: string }>;
  readonly streamsOf: Stmt<{ name: string; arn: string; meta: string }>;
  readonly deleteStream: Stmt;
  readonly putShard: Stmt;
  readonly shards: Stmt<{ shard_id: string; meta: string }>;
  readonly deleteShards: Stmt;
  readonly putRecord: Stmt;
  readonly recordsAfter: Stmt;
  readonly lastRecord: Stmt<{ seq: string; arrival: number }>;
  readonly trim: Stmt;
  readonly deleteRecords: Stmt;
  readonly maxSeq: Stmt<{ seq: string | null }>;
  readonly putConsumer: Stmt;
  readonly consumer: Stmt<{ meta: string }>;
  readonly consumerByName: Stmt<{ meta: string }>;
  readonly consumersOf: Stmt<{ meta: string }>;
  readonly deleteConsumer: Stmt;
  readonly deleteConsumers: Stmt;

  constructor(store: Store) {
    this.putStream = store.stmt("INSERT OR REPLACE INTO kinesis_streams (arn, account, region, name, meta) VALUES (?, ?, ?, ?, ?)");
    this.stream = store.stmt("SELECT arn, meta FROM kinesis_streams WHERE account = ? AND region = ? AND name = ?");
    this.streamByArn = store.stmt("SELECT meta FROM kinesis_streams WHERE arn = ?");
    this.streamsOf = store.stmt("SELECT name, arn, meta FROM kinesis_streams WHERE account = ? AND region = ? ORDER BY name");
    this.deleteStream = store.stmt("DELETE FROM kinesis_streams WHERE arn = ?");
    this.putShard = store.stmt("INSERT OR REPLACE INTO kinesis_shards (stream, shard_id, meta) VALUES (?, ?, ?)");
    this.shards = store.stmt("SELECT shard_id, meta FROM kinesis_shards WHERE stream = ? ORDER BY shard_id");
    this.deleteShards = store.stmt("DELETE FROM kinesis_shards WHERE stream = ?");
    this.putRecord = store.stmt("INSERT INTO kinesis_records (stream, shard_id, seq, arrival, partition_key, data64) VALUES (?, ?, ?, ?, ?, ?)");
    const cols = "seq, arrival, partition_key, data64";
    this.recordsAfter = store.stmt(`SELECT ${cols} FROM kinesis_records WHERE stream = ? AND shard_id = ? AND seq > ? AND arrival >= ? ORDER BY seq LIMIT ?`);
    this.lastRecord = store.stmt("SELECT seq, arrival FROM kinesis_records WHERE stream = ? AND shard_id = ? ORDER BY seq DESC LIMIT 1");
    this.trim = store.stmt("DELETE FROM kinesis_records WHERE stream = ? AND arrival < ?");
    this.deleteRecords = store.stmt("DELETE FROM kinesis_records WHERE stream = ?");
    this.maxSeq = store.stmt("SELECT max(seq) AS seq FROM kinesis_records");
    this.putConsumer = store.stmt("INSERT OR REPLACE INTO kinesis_consumers (arn, stream, name, meta) VALUES (?, ?, ?, ?)");
    this.consumer = store.stmt("SELECT meta FROM kinesis_consumers WHERE arn = ?");
    this.consumerByName = store.stmt("SELECT meta FROM kinesis_consumers WHERE stream = ? AND name = ?");
    this.consumersOf = store.stmt("SELECT meta FROM kinesis_consumers WHERE stream = ? ORDER BY name");
    this.deleteConsumer = store.stmt("DELETE FROM kinesis_consumers WHERE arn = ?");
    this.deleteConsumers = store.stmt("DELETE FROM kinesis_consumers WHERE stream = ?");
  }

  /**
   * Up to `limit` records of a shard after sequence number `after` that arrived at `oldest` or
   * later. Read as raw rows: better-sqlite3 building an object per row cost half of a 100-record GetRecords.
   */
  recordsAfterSeq(stream: string, shardId: string, after: string, oldest: number, limit: number): RecordRow[] {
    return this.rawRecordsAfter(stream, shardId, after, oldest, limit).map((r) => ({ seq: r[0], arrival: r[1], partition_key: r[2], data: Buffer.from(r[3], "base64") }));
  }

  /** The same records as raw rows, data left as base64 (GetRecords writes them into its answer as they are). */
  rawRecordsAfter(stream: string, shardId: string, after: string, oldest: number, limit: number): RawRecordRow[] {
    return this.recordsAfter.rawRows(stream, shardId, after, oldest, limit) as RawRecordRow[];
  }
}
