/**
 * S3's SQL. Bucket names are global (S3's namespace spans accounts and regions), so buckets carry
 * their owner's account and region as columns rather than as part of the key. Object bytes live in
 * blobs; a row lists its blob segments (`id:size,id:size` — several for a completed multipart upload).
 * Small single-PUT bodies are stored inline in the row instead (`body`, with empty `segments`).
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE s3_buckets (
        name TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, created INTEGER NOT NULL,
        versioning TEXT
      );
      CREATE TABLE s3_bucket_config (
        bucket TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (bucket, kind)
      );
      CREATE TABLE s3_objects (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bucket TEXT NOT NULL, key TEXT NOT NULL, version_id TEXT NOT NULL,
        latest INTEGER NOT NULL, delete_marker INTEGER NOT NULL DEFAULT 0,
        segments TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, etag TEXT NOT NULL DEFAULT '',
        last_modified INTEGER NOT NULL, headers TEXT NOT NULL DEFAULT '{}', checksum TEXT, tags TEXT,
        parts INTEGER, storage_class TEXT NOT NULL DEFAULT 'STANDARD'
      );
      CREATE UNIQUE INDEX s3_objects_version ON s3_objects (bucket, key, version_id);
      CREATE INDEX s3_objects_listing ON s3_objects (bucket, latest, key);
      CREATE TABLE s3_uploads (
        upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated INTEGER NOT NULL,
        headers TEXT NOT NULL, checksum_algorithm TEXT, checksum_type TEXT, storage_class TEXT NOT NULL, tags TEXT
      );
      CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, key, initiated);
      CREATE TABLE s3_parts (
        upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
        etag TEXT NOT NULL, checksum TEXT, last_modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number)
      );
    `,
  },
  {
    version: 2,
    sql: "ALTER TABLE s3_objects ADD COLUMN body BLOB",
  },
  {
    // A CompleteMultipartUpload retried after it succeeded answers the same result (kept 1 hour).
    version: 3,
    sql: "CREATE TABLE s3_completed_uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, result TEXT NOT NULL, completed INTEGER NOT NULL)",
  },
];

export interface BucketRow {
  name: string;
  account: string;
  region: string;
  created: number;
  versioning: string | null;
}

export interface ObjectRow {
  id: number;
  bucket: string;
  key: string;
  version_id: string;
  latest: number;
  delete_marker: number;
  segments: string;
  size: number;
  etag: string;
  last_modified: number;
  headers: string;
  checksum: string | null;
  tags: string | null;
  parts: number | null;
  storage_class: string;
  /** The bytes of a small object stored inline (then `segments` is empty); listings leave it out. */
  body?: Buffer | null;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  headers: string;
  checksum_algorithm: string | null;
  checksum_type: string | null;
  storage_class: string;
  tags: string | null;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  blob: string;
  size: number;
  etag: string;
  checksum: string | null;
  last_modified: number;
}

export type NewObject = Omit<ObjectRow, "id" | "latest">;

/** Every column but `body`: listings never need the bytes. */
const META_COLUMNS =
  "id, bucket, key, version_id, latest, delete_marker, segments, size, etag, last_modified, headers, checksum, tags, parts, storage_class";

/** The prepared statements of one store (prepared once; they re-prepare themselves after restore). */
export function statements(store: Store) {
  const s = <R = unknown>(sql: string): Stmt<R> => store.stmt<R>(sql);
  return {
    bucket: s<BucketRow>("SELECT * FROM s3_buckets WHERE name = ?"),
    bucketsOf: s<BucketRow>("SELECT * FROM s3_buckets WHERE account = ? ORDER BY name"),
    insertBucket: s("INSERT INTO s3_buckets (name, account, region, created, versioning) VALUES (?, ?, ?, ?, NULL)"),
    deleteBucket: s("DELETE FROM s3_buckets WHERE name = ?"),
    setVersioning: s("UPDATE s3_buckets SET versioning = ? WHERE name = ?"),
    config: s<{ value: string }>("SELECT value FROM s3_bucket_config WHERE bucket = ? AND kind = ?"),
    putConfig: s("INSERT INTO s3_bucket_config (bucket, kind, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value"),
    deleteConfig: s("DELETE FROM s3_bucket_config WHERE bucket = ? AND kind = ?"),
    deleteAllConfig: s("DELETE FROM s3_bucket_config WHERE bucket = ?"),
    anyObject: s<{ n: number }>("SELECT 1 AS n FROM s3_objects WHERE bucket = ? LIMIT 1"),
    latest: s<ObjectRow>("SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND latest = 1"),
    version: s<ObjectRow>("SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?"),
    clearLatest: s("UPDATE s3_objects SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1"),
    promoteNewest: s(
      "UPDATE s3_objects SET latest = 1 WHERE id = (SELECT id FROM s3_objects WHERE bucket = ? AND key = ? ORDER BY id DESC LIMIT 1)",
    ),
    // Positional parameters: binding 15 named ones showed in PutObject profiles.
    insertObject: s(
      `INSERT INTO s3_objects (bucket, key, version_id, latest, delete_marker, segments, size, etag, last_modified, headers, checksum, tags, parts, storage_class, body)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The `null` version a write replaces: its id and blobs only (measured: cheaper than SELECT *, and than DELETE … RETURNING).
    nullVersionRef: s<Pick<ObjectRow, "id" | "segments">>("SELECT id, segments FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = 'null'"),
    deleteVersion: s("DELETE FROM s3_objects WHERE id = ?"),
    setTags: s("UPDATE s3_objects SET tags = ? WHERE id = ?"),
    setHeaders: s("UPDATE s3_objects SET headers = ? WHERE id = ?"),
    setStorageClass: s("UPDATE s3_objects SET storage_class = ? WHERE id = ?"),
    listLatest: s<ObjectRow>(`SELECT ${META_COLUMNS} FROM s3_objects WHERE bucket = ? AND latest = 1 AND delete_marker = 0 AND key > ? ORDER BY key`),
    listLatestFrom: s<ObjectRow>(`SELECT ${META_COLUMNS} FROM s3_objects WHERE bucket = ? AND latest = 1 AND delete_marker = 0 AND key >= ? ORDER BY key`),
    listVersions: s<ObjectRow>(`SELECT ${META_COLUMNS} FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key, id DESC`),
    insertUpload: s(
      `INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers, checksum_algorithm, checksum_type, storage_class, tags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    completedUpload: s<{ bucket: string; key: string; result: string; completed: number }>("SELECT bucket, key, result, completed FROM s3_completed_uploads WHERE upload_id = ?"),
    putCompletedUpload: s("INSERT OR REPLACE INTO s3_completed_uploads (upload_id, bucket, key, result, completed) VALUES (?, ?, ?, ?, ?)"),
    purgeCompletedUploads: s("DELETE FROM s3_completed_uploads WHERE completed < ?"),
    upload: s<UploadRow>("SELECT * FROM s3_uploads WHERE upload_id = ?"),
    uploadsOf: s<UploadRow>("SELECT * FROM s3_uploads WHERE bucket = ? ORDER BY key, initiated, upload_id"),
    deleteUpload: s("DELETE FROM s3_uploads WHERE upload_id = ?"),
    part: s<PartRow>("SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?"),
    parts: s<PartRow>("SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number"),
    putPart: s(
      `INSERT INTO s3_parts (upload_id, part_number, blob, size, etag, checksum, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET blob = excluded.blob, size = excluded.size, etag = excluded.etag, checksum = excluded.checksum,
       last_modified = excluded.last_modified`,
    ),
    deleteParts: s("DELETE FROM s3_parts WHERE upload_id = ?"),
    allSegments: s<{ segments: string }>("SELECT segments FROM s3_objects WHERE segments <> ''"),
    allPartBlobs: s<{ blob: string }>("SELECT blob FROM s3_parts"),
  };
}

/** Inserts a version as the latest; returns its id. */
export function insertObject(sql: S3Statements, o: NewObject): number {
  const r = sql.insertObject.run(
    o.bucket, o.key, o.version_id, o.delete_marker, o.segments, o.size, o.etag, o.last_modified, o.headers, o.checksum, o.tags, o.parts, o.storage_class, o.body ?? null,
  );
  return Number(r.lastInsertRowid);
}

export type S3Statements = ReturnType<typeof statements>;

/** Blob ids and sizes of a row's `segments`. */
export function parseSegments(segments: string): { id: string; size: number }[] {
  if (!segments) return [];
  return segments.split(",").map((s) => {
    const [id, size] = s.split(":");
    return { id: id!, size: Number(size) };
  });
}

export function formatSegments(segments: { id: string; size: number }[]): string {
  return segments.map((s) => `${s.id}:${s.size}`).join(",");
}
