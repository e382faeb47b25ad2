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

/** A buffered row without its data: what a delivery needs to pick its records. */
export interface RowHead {
  id: number;
  arrival: number;
  /** Bytes of data. */
  size: number;
  lengths: Buffer | null;
}

export class FirehoseStatements {
  readonly putStream: Stmt;
  readonly stream: Stmt<{ arn: string; meta: string }>;
  readonly streamByArn: Stmt<{ account: string; region: string; meta: string }>;
  readonly streamsOf: Stmt<{ name: string; meta: string }>;
  readonly deleteStream: Stmt;
  readonly buffer: Stmt;
  readonly heads: Stmt<RowHead>;
  readonly bufferedUpTo: Stmt<BufferedRow>;
  readonly joined: Stmt<{ body: Buffer | null }>;
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
    this.heads = store.stmt("SELECT id, arrival, length(data) AS size, lengths FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT ?");
    this.bufferedUpTo = store.stmt("SELECT id, record_id, arrival, data, kinesis, lengths FROM firehose_buffer WHERE stream = ? AND id <= ? ORDER BY id");
    // The data of the rows up to @last as one body, joined by SQLite (one copy into JavaScript, no
    // Buffer per row), of row @partial only its first @bytes. In id order from the ordered
    // subquery (not flattened into the aggregate); an ORDER BY inside group_concat sorted a copy of every row.
    this.joined = store.stmt(
      "SELECT CAST(group_concat(part, x'') AS BLOB) AS body FROM " +
        "(SELECT CASE WHEN id = @partial THEN substr(data, 1, @bytes) ELSE data END AS part FROM firehose_buffer WHERE stream = @arn AND id <= @last ORDER BY id)",
    );
    this.anyBuffered = store.stmt("SELECT 1 AS one FROM firehose_buffer WHERE stream = ? LIMIT 1");
    this.oldestArrival = store.stmt("SELECT arrival FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT 1");
    this.bufferedBytes = store.stmt("SELECT count(*) AS n, sum(length(data)) AS bytes FROM firehose_buffer WHERE stream = ?");
    this.unbuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ? AND id <= ?");
    // Cuts a row's first records off it (substr counts bytes in a BLOB; ids are ASCII).
    this.trim = store.stmt("UPDATE firehose_buffer SET record_id = substr(record_id, @idChars + 1), data = substr(data, @bytes + 1), lengths = substr(lengths, @lengthBytes + 1) WHERE id = @id");
    this.clearBuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ?");
    this.position = store.stmt("SELECT after FROM firehose_positions WHERE stream = ? AND shard_id = ?");
    this.putPosition = store.stmt("INSERT OR REPLACE INTO firehose_positions (stream, shard_id, after) VALUES (?, ?, ?)");
    this.clearPositions = store.stmt("DELETE FROM firehose_positions WHERE stream = ?");
  }
}
