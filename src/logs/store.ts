/**
 * The service's SQL. Groups and streams get integer ids so the events table (the big one) stays
 * narrow: one row per event, indexed by stream (GetLogEvents) and by group (FilterLogEvents),
 * both in (timestamp, id) order — id is the ingestion order, which breaks timestamp ties.
 */
import { placeholders, StmtBySize, type Migration, type Stmt, type Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE logs_groups (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        retention_days INTEGER,
        kms_key_id TEXT,
        class TEXT NOT NULL DEFAULT 'STANDARD',
        stored_bytes INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '{}',
        UNIQUE (account, region, name)
      );
      CREATE TABLE logs_streams (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        first_event INTEGER,
        last_event INTEGER,
        last_ingestion INTEGER,
        upload_seq INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, name)
      );
      CREATE TABLE logs_events (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL,
        stream_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        ingestion INTEGER NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX logs_events_by_stream ON logs_events (stream_id, ts, id);
      CREATE INDEX logs_events_by_group ON logs_events (group_id, ts, id);
    `,
  },
];

export interface GroupRow {
  id: number;
  name: string;
  created: number;
  retention_days: number | null;
  kms_key_id: string | null;
  class: string;
  stored_bytes: number;
  tags: string;
}

export interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  created: number;
  first_event: number | null;
  last_event: number | null;
  last_ingestion: number | null;
  upload_seq: number;
}

export interface EventRow {
  id: number;
  stream_id: number;
  ts: number;
  ingestion: number;
  message: string;
}

const GROUP_COLUMNS = "id, name, created, retention_days, kms_key_id, class, stored_bytes, tags";
const STREAM_COLUMNS = "id, group_id, name, created, first_event, last_event, last_ingestion, upload_seq";

/** Every statement of the service, prepared once per Store (they survive restore()). */
export class LogsStore {
  readonly groupByName: Stmt<GroupRow>;
  readonly insertGroup: Stmt;
  readonly deleteGroup: Stmt;
  readonly deleteGroupStreams: Stmt;
  readonly deleteGroupEvents: Stmt;
  readonly groupsFrom: Stmt<GroupRow>;
  readonly setRetention: Stmt;
  readonly setTags: Stmt;
  readonly addStoredBytes: Stmt;
  readonly setStoredBytes: Stmt;
  readonly groupsWithRetention: Stmt<{ id: number; retention_days: number }>;

  readonly streamByName: Stmt<StreamRow>;
  readonly streamIdByName: Stmt<{ id: number }>;
  readonly insertStream: Stmt;
  readonly deleteStream: Stmt;
  readonly deleteStreamEvents: Stmt;
  readonly streamsByName: Stmt<StreamRow>;
  readonly streamsByNameDesc: Stmt<StreamRow>;
  readonly streamsOfGroup: Stmt<StreamRow>;
  readonly recordWrite: Stmt<{ upload_seq: number }>;

  readonly insertEvent: Stmt;
  /** One INSERT for `n` events (5 parameters each): several rows cost little more than one. */
  readonly insertEvents: StmtBySize;
  readonly eventsForward: Stmt<EventRow>;
  readonly eventsBackward: Stmt<EventRow>;
  readonly groupEventsFrom: Stmt<EventRow>;
  readonly expireEvents: Stmt;
  readonly groupEventBytes: Stmt<{ bytes: number | null }>;
  readonly streamEventBytes: Stmt<{ bytes: number | null }>;

  constructor(readonly store: Store) {
    const s = <Row>(sql: string): Stmt<Row> => store.stmt<Row>(sql);
    this.groupByName = s(`SELECT ${GROUP_COLUMNS} FROM logs_groups WHERE account = ? AND region = ? AND name = ?`);
    this.insertGroup = s(
      "INSERT INTO logs_groups (account, region, name, created, kms_key_id, class, tags) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    );
    this.deleteGroup = s("DELETE FROM logs_groups WHERE id = ?");
    this.deleteGroupStreams = s("DELETE FROM logs_streams WHERE group_id = ?");
    this.deleteGroupEvents = s("DELETE FROM logs_events WHERE group_id = ?");
    this.groupsFrom = s(
      `SELECT ${GROUP_COLUMNS} FROM logs_groups WHERE account = @account AND region = @region
        AND substr(name, 1, @prefixLength) = @prefix AND name > @after ORDER BY name`,
    );
    this.setRetention = s("UPDATE logs_groups SET retention_days = ? WHERE id = ?");
    this.setTags = s("UPDATE logs_groups SET tags = ? WHERE id = ?");
    this.addStoredBytes = s("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?");
    this.setStoredBytes = s("UPDATE logs_groups SET stored_bytes = ? WHERE id = ?");
    this.groupsWithRetention = s("SELECT id, retention_days FROM logs_groups WHERE retention_days IS NOT NULL");

    this.streamByName = s(`SELECT ${STREAM_COLUMNS} FROM logs_streams WHERE group_id = ? AND name = ?`);
    this.streamIdByName = s("SELECT id FROM logs_streams WHERE group_id = ? AND name = ?");
    this.insertStream = s("INSERT INTO logs_streams (group_id, name, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    this.deleteStream = s("DELETE FROM logs_streams WHERE id = ?");
    this.deleteStreamEvents = s("DELETE FROM logs_events WHERE stream_id = ?");
    // @after: the last name of the previous page (NULL on the first).
    const streamPage = `SELECT ${STREAM_COLUMNS} FROM logs_streams WHERE group_id = @groupId AND substr(name, 1, @prefixLength) = @prefix`;
    this.streamsByName = s(`${streamPage} AND (@after IS NULL OR name > @after) ORDER BY name LIMIT @limit`);
    this.streamsByNameDesc = s(`${streamPage} AND (@after IS NULL OR name < @after) ORDER BY name DESC LIMIT @limit`);
    this.streamsOfGroup = s(`SELECT ${STREAM_COLUMNS} FROM logs_streams WHERE group_id = ?`);
    this.recordWrite = s(
      `UPDATE logs_streams SET first_event = min(coalesce(first_event, @first), @first), last_event = max(coalesce(last_event, @last), @last),
        last_ingestion = @now, upload_seq = upload_seq + 1 WHERE id = @streamId RETURNING upload_seq`,
    );

    this.insertEvents = new StmtBySize(store, (n) => `INSERT INTO logs_events (group_id, stream_id, ts, ingestion, message) VALUES ${placeholders(n, "(?, ?, ?, ?, ?)")}`);
    this.insertEvent = s("INSERT INTO logs_events (group_id, stream_id, ts, ingestion, message) VALUES (?, ?, ?, ?, ?)");
    // (ts, id) row values compare lexicographically: "after the event at (ts, id)".
    this.eventsForward = s(
      "SELECT id, stream_id, ts, ingestion, message FROM logs_events WHERE stream_id = ? AND (ts, id) > (?, ?) AND ts >= ? AND ts < ? ORDER BY ts, id LIMIT ?",
    );
    this.eventsBackward = s(
      "SELECT id, stream_id, ts, ingestion, message FROM logs_events WHERE stream_id = ? AND (ts, id) < (?, ?) AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?",
    );
    this.groupEventsFrom = s(
      "SELECT id, stream_id, ts, ingestion, message FROM logs_events WHERE group_id = ? AND (ts, id) > (?, ?) AND ts <= ? ORDER BY ts, id LIMIT ?",
    );
    this.expireEvents = s("DELETE FROM logs_events WHERE group_id = ? AND ts < ?");
    this.groupEventBytes = s("SELECT sum(length(CAST(message AS BLOB))) AS bytes FROM logs_events WHERE group_id = ?");
    this.streamEventBytes = s("SELECT sum(length(CAST(message AS BLOB))) AS bytes FROM logs_events WHERE stream_id = ?");
  }
}
