/**
 * The Lambda runtime's SQL: schema migrations and every statement, prepared once.
 * Function versions ($LATEST and published ones) keep their FunctionConfiguration as JSON,
 * exactly as the API returns it, plus the blob id of their code zip.
 */
import type { Migration, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE lambda_functions (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}', policy TEXT NOT NULL DEFAULT '[]', reserved INTEGER,
        next_version INTEGER NOT NULL DEFAULT 1, source TEXT NOT NULL DEFAULT 'api', created_at INTEGER NOT NULL,
        PRIMARY KEY (account, region, name));
      CREATE TABLE lambda_versions (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
        config TEXT NOT NULL, code_id TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (account, region, name, version));
      CREATE TABLE lambda_aliases (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, alias TEXT NOT NULL, config TEXT NOT NULL,
        PRIMARY KEY (account, region, name, alias));
      CREATE TABLE lambda_provisioned (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
        requested INTEGER NOT NULL, modified_at INTEGER NOT NULL,
        PRIMARY KEY (account, region, name, qualifier));
      CREATE TABLE lambda_invoke_configs (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL, config TEXT NOT NULL,
        PRIMARY KEY (account, region, name, qualifier));
      CREATE TABLE lambda_async (
        id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
        payload BLOB NOT NULL, request_id TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, throttles INTEGER NOT NULL DEFAULT 0,
        first_at INTEGER NOT NULL, due_at INTEGER NOT NULL, source TEXT NOT NULL DEFAULT 'lambda');
      CREATE INDEX lambda_async_due ON lambda_async (due_at);
      CREATE TABLE lambda_esm (
        uuid TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, function_name TEXT NOT NULL,
        source_arn TEXT NOT NULL, config TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE lambda_layers (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, next_version INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (account, region, name));
      CREATE TABLE lambda_layer_versions (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
        config TEXT NOT NULL, code_id TEXT NOT NULL, unzipped INTEGER NOT NULL, policy TEXT NOT NULL DEFAULT '[]',
        revision TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, region, name, version));
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE lambda_urls (
        url_id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
        config TEXT NOT NULL);
      CREATE UNIQUE INDEX lambda_urls_function ON lambda_urls (account, region, name, qualifier);
    `,
  },
];

export interface FunctionRow {
  account: string;
  region: string;
  name: string;
  tags: string;
  policy: string;
  reserved: number | null;
  next_version: number;
  source: string;
  created_at: number;
}
export interface VersionRow {
  name: string;
  version: string;
  config: string;
  code_id: string;
  seq: number;
}
export interface AsyncRow {
  id: string;
  account: string;
  region: string;
  name: string;
  qualifier: string;
  payload: Buffer;
  request_id: string;
  attempts: number;
  throttles: number;
  first_at: number;
  due_at: number;
  source: string;
}
export interface EsmRow {
  uuid: string;
  account: string;
  region: string;
  function_name: string;
  source_arn: string;
  config: string;
}

/** A layer version; deleted ones stay (deleted = 1) for the functions that still use them, as on AWS. */
export interface LayerVersionRow {
  account: string;
  region: string;
  name: string;
  version: number;
  config: string;
  code_id: string;
  unzipped: number;
  policy: string;
  revision: string;
  deleted: number;
}

export interface UrlRow {
  url_id: string;
  account: string;
  region: string;
  name: string;
  qualifier: string;
  config: string;
}

export function statements(store: Store) {
  return {
    getFunction: store.stmt<FunctionRow>("SELECT * FROM lambda_functions WHERE account = ? AND region = ? AND name = ?"),
    insertFunction: store.stmt(
      "INSERT INTO lambda_functions (account, region, name, tags, source, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    deleteFunction: store.stmt("DELETE FROM lambda_functions WHERE account = ? AND region = ? AND name = ?"),
    setTags: store.stmt("UPDATE lambda_functions SET tags = ? WHERE account = ? AND region = ? AND name = ?"),
    setPolicy: store.stmt("UPDATE lambda_functions SET policy = ? WHERE account = ? AND region = ? AND name = ?"),
    setReserved: store.stmt("UPDATE lambda_functions SET reserved = ? WHERE account = ? AND region = ? AND name = ?"),
    bumpVersion: store.stmt("UPDATE lambda_functions SET next_version = next_version + 1 WHERE account = ? AND region = ? AND name = ?"),
    sumReserved: store.stmt<{ total: number | null }>("SELECT SUM(reserved) AS total FROM lambda_functions WHERE account = ? AND region = ? AND name <> ?"),
    listLatest: store.stmt<VersionRow>(
      "SELECT name, version, config, code_id, seq FROM lambda_versions WHERE account = ? AND region = ? AND version = '$LATEST' AND name > ? ORDER BY name LIMIT ?",
    ),
    listAllVersions: store.stmt<VersionRow>(
      "SELECT name, version, config, code_id, seq FROM lambda_versions WHERE account = ? AND region = ? AND (name > ? OR (name = ? AND seq > ?)) ORDER BY name, seq LIMIT ?",
    ),
    configFunctions: store.stmt<{ name: string }>("SELECT name FROM lambda_functions WHERE account = ? AND region = ? AND source = 'config'"),
    getVersion: store.stmt<VersionRow>("SELECT name, version, config, code_id, seq FROM lambda_versions WHERE account = ? AND region = ? AND name = ? AND version = ?"),
    putVersion: store.stmt(
      "INSERT INTO lambda_versions (account, region, name, version, config, code_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET config = excluded.config, code_id = excluded.code_id",
    ),
    versionsOf: store.stmt<VersionRow>(
      "SELECT name, version, config, code_id, seq FROM lambda_versions WHERE account = ? AND region = ? AND name = ? AND seq > ? ORDER BY seq LIMIT ?",
    ),
    deleteVersion: store.stmt("DELETE FROM lambda_versions WHERE account = ? AND region = ? AND name = ? AND version = ?"),
    deleteVersions: store.stmt("DELETE FROM lambda_versions WHERE account = ? AND region = ? AND name = ?"),
    codeSizeTotal: store.stmt<{ total: number | null }>(
      "SELECT SUM(json_extract(config, '$.CodeSize')) AS total FROM lambda_versions WHERE account = ? AND region = ?",
    ),
    codeRefs: store.stmt<{ n: number }>("SELECT COUNT(*) AS n FROM lambda_versions WHERE code_id = ?"),
    getAlias: store.stmt<{ alias: string; config: string }>("SELECT alias, config FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? AND alias = ?"),
    putAlias: store.stmt(
      "INSERT INTO lambda_aliases (account, region, name, alias, config) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET config = excluded.config",
    ),
    listAliases: store.stmt<{ alias: string; config: string }>(
      "SELECT alias, config FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? AND alias > ? ORDER BY alias LIMIT ?",
    ),
    deleteAlias: store.stmt("DELETE FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? AND alias = ?"),
    deleteAliases: store.stmt("DELETE FROM lambda_aliases WHERE account = ? AND region = ? AND name = ?"),
    getProvisioned: store.stmt<{ qualifier: string; requested: number; modified_at: number }>(
      "SELECT qualifier, requested, modified_at FROM lambda_provisioned WHERE account = ? AND region = ? AND name = ? AND qualifier = ?",
    ),
    listProvisioned: store.stmt<{ account: string; region: string; name: string; qualifier: string; requested: number; modified_at: number }>(
      "SELECT * FROM lambda_provisioned",
    ),
    putProvisioned: store.stmt(
      "INSERT INTO lambda_provisioned (account, region, name, qualifier, requested, modified_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET requested = excluded.requested, modified_at = excluded.modified_at",
    ),
    deleteProvisioned: store.stmt("DELETE FROM lambda_provisioned WHERE account = ? AND region = ? AND name = ? AND qualifier = ?"),
    deleteAllProvisioned: store.stmt("DELETE FROM lambda_provisioned WHERE account = ? AND region = ? AND name = ?"),
    getInvokeConfig: store.stmt<{ config: string }>("SELECT config FROM lambda_invoke_configs WHERE account = ? AND region = ? AND name = ? AND qualifier = ?"),
    putInvokeConfig: store.stmt(
      "INSERT INTO lambda_invoke_configs (account, region, name, qualifier, config) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET config = excluded.config",
    ),
    deleteInvokeConfig: store.stmt("DELETE FROM lambda_invoke_configs WHERE account = ? AND region = ? AND name = ? AND qualifier = ?"),
    deleteInvokeConfigs: store.stmt("DELETE FROM lambda_invoke_configs WHERE account = ? AND region = ? AND name = ?"),
    insertAsync: store.stmt(
      "INSERT INTO lambda_async (id, account, region, name, qualifier, payload, request_id, first_at, due_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    dueAsync: store.stmt<AsyncRow>("SELECT * FROM lambda_async WHERE due_at <= ? ORDER BY due_at LIMIT 256"),
    nextAsyncDue: store.stmt<{ due: number | null }>("SELECT MIN(due_at) AS due FROM lambda_async"),
    rescheduleAsync: store.stmt("UPDATE lambda_async SET attempts = ?, throttles = ?, due_at = ? WHERE id = ?"),
    deleteAsync: store.stmt("DELETE FROM lambda_async WHERE id = ?"),
    getEsm: store.stmt<EsmRow>("SELECT * FROM lambda_esm WHERE uuid = ?"),
    putEsm: store.stmt(
      "INSERT INTO lambda_esm (uuid, account, region, function_name, source_arn, config) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET function_name = excluded.function_name, config = excluded.config",
    ),
    deleteEsm: store.stmt("DELETE FROM lambda_esm WHERE uuid = ?"),
    listEsm: store.stmt<EsmRow>("SELECT * FROM lambda_esm WHERE account = ? AND region = ? AND uuid > ? ORDER BY uuid"),
    allEsm: store.stmt<EsmRow>("SELECT * FROM lambda_esm"),
    nextLayerVersion: store.stmt<{ next_version: number }>(
      "INSERT INTO lambda_layers (account, region, name, next_version) VALUES (?, ?, ?, 2) ON CONFLICT DO UPDATE SET next_version = next_version + 1 RETURNING next_version",
    ),
    putLayerVersion: store.stmt(
      "INSERT INTO lambda_layer_versions (account, region, name, version, config, code_id, unzipped, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    getLayerVersion: store.stmt<LayerVersionRow>("SELECT * FROM lambda_layer_versions WHERE account = ? AND region = ? AND name = ? AND version = ?"),
    listLayerVersions: store.stmt<LayerVersionRow>(
      "SELECT * FROM lambda_layer_versions WHERE account = ? AND region = ? AND name = ? AND deleted = 0 ORDER BY version DESC",
    ),
    listLayerNames: store.stmt<{ name: string }>(
      "SELECT DISTINCT name FROM lambda_layer_versions WHERE account = ? AND region = ? AND deleted = 0 AND name > ? ORDER BY name",
    ),
    deleteLayerVersion: store.stmt("UPDATE lambda_layer_versions SET deleted = 1, policy = '[]' WHERE account = ? AND region = ? AND name = ? AND version = ?"),
    getUrlById: store.stmt<UrlRow>("SELECT * FROM lambda_urls WHERE url_id = ?"),
    getUrl: store.stmt<UrlRow>("SELECT * FROM lambda_urls WHERE account = ? AND region = ? AND name = ? AND qualifier = ?"),
    listUrls: store.stmt<UrlRow>("SELECT * FROM lambda_urls WHERE account = ? AND region = ? AND name = ? ORDER BY qualifier"),
    putUrl: store.stmt(
      "INSERT INTO lambda_urls (url_id, account, region, name, qualifier, config) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url_id) DO UPDATE SET config = excluded.config",
    ),
    deleteUrl: store.stmt("DELETE FROM lambda_urls WHERE account = ? AND region = ? AND name = ? AND qualifier = ?"),
    deleteUrls: store.stmt("DELETE FROM lambda_urls WHERE account = ? AND region = ? AND name = ?"),
    setLayerPolicy: store.stmt("UPDATE lambda_layer_versions SET policy = ?, revision = ? WHERE account = ? AND region = ? AND name = ? AND version = ?"),
  };
}

export type Statements = ReturnType<typeof statements>;
