/**
 * Identity pools, identities and the temporary credentials issued here (identity pools and STS),
 * in SQLite. Pools and identities keep their description as JSON.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE cid_pools (
        id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, meta TEXT NOT NULL);
      CREATE INDEX cid_pools_by_account ON cid_pools (account, region, id);
      CREATE TABLE cid_identities (
        id TEXT PRIMARY KEY, pool TEXT NOT NULL, login_key TEXT, meta TEXT NOT NULL);
      CREATE UNIQUE INDEX cid_identities_by_login ON cid_identities (pool, login_key) WHERE login_key IS NOT NULL;
      CREATE INDEX cid_identities_by_pool ON cid_identities (pool, id);
      CREATE TABLE cid_credentials (
        access_key_id TEXT PRIMARY KEY, secret TEXT NOT NULL, session_token TEXT NOT NULL, account TEXT NOT NULL,
        arn TEXT NOT NULL, user_id TEXT NOT NULL, expires INTEGER NOT NULL, meta TEXT NOT NULL);
      CREATE TABLE cid_keys (id TEXT PRIMARY KEY, private_pem TEXT NOT NULL, public_jwk TEXT NOT NULL);
    `,
  },
];

export interface CredentialRow {
  access_key_id: string;
  secret: string;
  session_token: string;
  account: string;
  arn: string;
  user_id: string;
  expires: number;
  meta: string;
}

export class IdentityStatements {
  readonly putPool: Stmt;
  readonly pool: Stmt<{ account: string; meta: string }>;
  readonly poolsOf: Stmt<{ id: string; name: string }>;
  readonly deletePool: Stmt;
  readonly deleteIdentitiesOf: Stmt;
  readonly putIdentity: Stmt;
  readonly identity: Stmt<{ pool: string; login_key: string | null; meta: string }>;
  readonly identityByLogin: Stmt<{ id: string; meta: string }>;
  readonly identitiesOf: Stmt<{ id: string; meta: string }>;
  readonly putCredential: Stmt;
  readonly credential: Stmt<CredentialRow>;
  readonly purgeCredentials: Stmt;
  readonly key: Stmt<{ id: string; private_pem: string; public_jwk: string }>;
  readonly putKey: Stmt;

  constructor(store: Store) {
    this.putPool = store.stmt("INSERT OR REPLACE INTO cid_pools (id, account, region, name, meta) VALUES (?, ?, ?, ?, ?)");
    this.pool = store.stmt("SELECT account, meta FROM cid_pools WHERE id = ?");
    this.poolsOf = store.stmt("SELECT id, name FROM cid_pools WHERE account = ? AND region = ? AND id > ? ORDER BY id LIMIT ?");
    this.deletePool = store.stmt("DELETE FROM cid_pools WHERE id = ?");
    this.deleteIdentitiesOf = store.stmt("DELETE FROM cid_identities WHERE pool = ?");
    this.putIdentity = store.stmt("INSERT OR REPLACE INTO cid_identities (id, pool, login_key, meta) VALUES (?, ?, ?, ?)");
    this.identity = store.stmt("SELECT pool, login_key, meta FROM cid_identities WHERE id = ?");
    this.identityByLogin = store.stmt("SELECT id, meta FROM cid_identities WHERE pool = ? AND login_key = ?");
    this.identitiesOf = store.stmt("SELECT id, meta FROM cid_identities WHERE pool = ? AND id > ? ORDER BY id LIMIT ?");
    this.putCredential = store.stmt(
      "INSERT INTO cid_credentials (access_key_id, secret, session_token, account, arn, user_id, expires, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.credential = store.stmt("SELECT * FROM cid_credentials WHERE access_key_id = ?");
    this.purgeCredentials = store.stmt("DELETE FROM cid_credentials WHERE expires < ?");
    this.key = store.stmt("SELECT id, private_pem, public_jwk FROM cid_keys ORDER BY id LIMIT 1");
    this.putKey = store.stmt("INSERT INTO cid_keys (id, private_pem, public_jwk) VALUES (?, ?, ?)");
  }
}
