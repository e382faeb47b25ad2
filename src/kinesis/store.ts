/**
 * Kinesis in SQLite: streams (description as JSON), shards (hash range, parents, sequence range)
 * and records keyed by (stream, shard, sequence number). Sequence numbers are 56 decimal digits,
 * so text order is numeric order.
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
];

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
  readonly recordsAfter: Stmt<RecordRow>;
  readonly recordsFrom: Stmt<RecordRow>;
  readonly recordsSince: Stmt<RecordRow>;
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
    this.putRecord = store.stmt("INSERT INTO kinesis_records (stream, shard_id, seq, arrival, partition_key, data) VALUES (?, ?, ?, ?, ?, ?)");
    const cols = "seq, arrival, partition_key, data";
    this.recordsAfter = store.stmt(`SELECT ${cols} FROM kinesis_records WHERE stream = ? AND shard_id = ? AND seq > ? AND arrival >= ? ORDER BY seq LIMIT ?`);
    this.recordsFrom = store.stmt(`SELECT ${cols} FROM kinesis_records WHERE stream = ? AND shard_id = ? AND seq >= ? AND arrival >= ? ORDER BY seq LIMIT ?`);
    this.recordsSince = store.stmt(`SELECT ${cols} FROM kinesis_records WHERE stream = ? AND shard_id = ? AND arrival >= ? AND arrival >= ? ORDER BY seq LIMIT ?`);
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
    return this.recordsAfter.rawRows(stream, shardId, after, oldest, limit).map((r) => ({ seq: r[0] as string, arrival: r[1] as number, partition_key: r[2] as string, data: r[3] as Buffer }));
  }
}
