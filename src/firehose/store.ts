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
];

export interface BufferedRow {
  id: number;
  record_id: string;
  arrival: number;
  data: Buffer;
  kinesis: string | null;
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
  readonly bufferedBytes: Stmt<{ n: number; bytes: number | null }>;
  readonly unbuffer: Stmt;
  readonly clearBuffer: Stmt;
  readonly sizes: Stmt;
  readonly joined: Stmt<{ body: Buffer }>;
  readonly joinedLines: Stmt<{ body: Buffer }>;
  readonly position: Stmt<{ after: string }>;
  readonly putPosition: Stmt;
  readonly clearPositions: Stmt;

  constructor(store: Store) {
    this.putStream = store.stmt("INSERT OR REPLACE INTO firehose_streams (arn, account, region, name, meta) VALUES (?, ?, ?, ?, ?)");
    this.stream = store.stmt("SELECT arn, meta FROM firehose_streams WHERE account = ? AND region = ? AND name = ?");
    this.streamByArn = store.stmt("SELECT account, region, meta FROM firehose_streams WHERE arn = ?");
    this.streamsOf = store.stmt("SELECT name, meta FROM firehose_streams WHERE account = ? AND region = ? ORDER BY name");
    this.deleteStream = store.stmt("DELETE FROM firehose_streams WHERE arn = ?");
    this.buffer = store.stmt("INSERT INTO firehose_buffer (stream, record_id, arrival, data, kinesis) VALUES (?, ?, ?, ?, ?)");
    this.buffered = store.stmt("SELECT id, record_id, arrival, data, kinesis FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT ?");
    this.anyBuffered = store.stmt("SELECT 1 AS one FROM firehose_buffer WHERE stream = ? LIMIT 1");
    this.bufferedBytes = store.stmt("SELECT count(*) AS n, sum(length(data)) AS bytes FROM firehose_buffer WHERE stream = ?");
    this.unbuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ? AND id <= ?");
    this.clearBuffer = store.stmt("DELETE FROM firehose_buffer WHERE stream = ?");
    this.sizes = store.stmt("SELECT id, arrival, length(data) FROM firehose_buffer WHERE stream = ? ORDER BY id LIMIT 100000");
    // The records up to @last as one body, joined by SQLite (no Buffer per record); the second with a newline after each.
    // In id order from the ordered subquery (not flattened into an aggregate); an ORDER BY inside group_concat sorted a copy of every record.
    const upTo = "(SELECT data FROM firehose_buffer WHERE stream = @arn AND id <= @last ORDER BY id)";
    this.joined = store.stmt(`SELECT CAST(group_concat(data, x'') AS BLOB) AS body FROM ${upTo}`);
    this.joinedLines = store.stmt(`SELECT CAST(group_concat(data, x'0a') || x'0a' AS BLOB) AS body FROM ${upTo}`);
    this.position = store.stmt("SELECT after FROM firehose_positions WHERE stream = ? AND shard_id = ?");
    this.putPosition = store.stmt("INSERT OR REPLACE INTO firehose_positions (stream, shard_id, after) VALUES (?, ?, ?)");
    this.clearPositions = store.stmt("DELETE FROM firehose_positions WHERE stream = ?");
  }
}
