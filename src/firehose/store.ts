/** Firehose in SQLite: delivery streams, the records buffered for each, and Kinesis source positions. */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE firehose_streams (
        arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, meta TEXT NOT NULL,
        UNIQUE (account, region, name));
      CREATE TABLE firehose_buffer (
        id INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, record_id TEXT NOT NULL, arrival INTEGER NOT NULL,
        data BLOB NOT NULL, kinesis TEXT);
      CREATE INDEX firehose_buffer_stream ON firehose_buffer (stream, id);
      CREATE TABLE firehose_positions (
        stream TEXT NOT NULL, shard_id TEXT NOT NULL, after TEXT NOT NULL, PRIMARY KEY (stream, shard_id)) WITHOUT ROWID;
    `,
  },
  {
    // A PutRecordBatch is buffered as one row: its records' data joined, their byte lengths in
    // `lengths` (little-endian uint32 each) and their ids joined in record_id (see buffered.ts).
    // NULL: the row is one record.
    version: 2,
    sql: "ALTER TABLE firehose_buffer ADD COLUMN lengths BLOB",
  },
];

export interface BufferedRow {
  id: number;
  record_id: string;
  arrival: number;
  data: Buffer;
  kinesis: string | null;
  /** The byte length of each record of a row holding several (uint32 LE each); null for a row of one record. */
  lengths: Buffer | null;
}

export class FirehoseStatements {
  readonly putStream: Stmt;
  readonly stream: Stmt<{ arn: string; meta: string }>;
  readonly streamByArn: Stmt<{ account: string; region: string; meta: string }>;
  readonly streamsOf: Stmt<{ name: string; meta: string }>;
  readonly deleteStream: Stmt;
  readonly buffer: Stmt;
  readonly buffered: Stmt<BufferedRow>;
  readonly anyBuffered: Stmt<{ one: number }>;
  readonly oldestArrival: Stmt<{ arrival: number }>;
  readonly bufferedBytes: Stmt<{ n: number; bytes: number | null }>;
  readonly unbuffer: Stmt;
  readonly trim: Stmt;
  readonly clearBuffer: Stmt;
  readonly position: Stmt<{ after: string }>;
  readonly putPosition: Stmt;
  readonly clearPositions: Stmt;

  constructor(store: Store) {
    this.putStream = store.stmt("INSERT OR REPLACE INTO firehose_streams (arn, account, region, name, meta) VALUES (?, ?, ?, ?, ?)");
    this.stream = store.stmt("SELECT arn, meta FROM firehose_streams WHERE account = ? AND region = ? AND name = ?");
    this.streamByArn = store.stmt("SELECT account, region, meta FROM firehose_streams WHERE arn = ?");
    this.streamsOf = store.stmt("SELECT name, meta FROM firehose_streams WHERE account = ? AND region = ? ORDER BY name");
    this.deleteStream = store.stmt("DELETE FROM firehose_streams WHERE arn = ?");
    this.buffer = store.stmt("INSERT INTO firehose_buffer (stream, record_id, arrival, data, kinesis, lengths) VALUES (?, ?, ?, ?, ?, ?)");
    this.buffered = store.stmt("SELECT id, record_id, arrival, data, kinesis, lengths FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT ?");
    this.anyBuffered = store.stmt("SELECT 1 AS one FROM firehose_buffer WHERE stream = ? LIMIT 1");
    this.oldestArrival = store.stmt("SELECT arrival FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT 1");
    this.bufferedBytes = store.stmt("SELECT count(*) AS n, sum(length(data)) AS bytes FROM firehose_buffer WHERE stream = ?");
    this.unbuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ? AND id <= ?");
    this.trim = store.stmt("UPDATE firehose_buffer SET record_id = ?, data = ?, lengths = ? WHERE id = ?");
    this.clearBuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ?");
    this.position = store.stmt("SELECT after FROM firehose_positions WHERE stream = ? AND shard_id = ?");
    this.putPosition = store.stmt("INSERT OR REPLACE INTO firehose_positions (stream, shard_id, after) VALUES (?, ?, ?)");
    this.clearPositions = store.stmt("DELETE FROM firehose_positions WHERE stream = ?");
  }
}
