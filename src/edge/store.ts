/**
 * CloudFront in SQLite: distributions (config and summary fields as JSON, the current ETag) and
 * invalidations. Ids are global (CloudFront is a global service), the account is kept for listing.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE edge_distributions (
        id TEXT PRIMARY KEY, account TEXT NOT NULL, domain TEXT NOT NULL UNIQUE, etag TEXT NOT NULL,
        caller_ref TEXT NOT NULL, meta TEXT NOT NULL);
      CREATE INDEX edge_distributions_account ON edge_distributions (account, id);
      CREATE TABLE edge_invalidations (
        distribution TEXT NOT NULL, id TEXT NOT NULL, created INTEGER NOT NULL, meta TEXT NOT NULL,
        PRIMARY KEY (distribution, id)) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE edge_functions (
        account TEXT NOT NULL, name TEXT NOT NULL, stage TEXT NOT NULL, etag TEXT NOT NULL, code BLOB NOT NULL,
        meta TEXT NOT NULL, PRIMARY KEY (account, name, stage)) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE edge_policies (
        account TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, etag TEXT NOT NULL,
        meta TEXT NOT NULL, PRIMARY KEY (account, kind, id)) WITHOUT ROWID;
      CREATE UNIQUE INDEX edge_policies_name ON edge_policies (account, kind, name);
    `,
  },
  {
    version: 4,
    sql: `
      CREATE TABLE edge_kvs (
        account TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL UNIQUE, etag TEXT NOT NULL, meta TEXT NOT NULL,
        data TEXT NOT NULL, PRIMARY KEY (account, name)) WITHOUT ROWID;
    `,
  },
];

export interface KvsRow {
  account: string;
  name: string;
  id: string;
  etag: string;
  meta: string;
  data: string;
}

export interface PolicyRow {
  id: string;
  name: string;
  etag: string;
  meta: string;
}

export interface FunctionRow {
  name: string;
  stage: string;
  etag: string;
  code: Buffer;
  meta: string;
}

export interface DistributionRow {
  id: string;
  account: string;
  domain: string;
  etag: string;
  meta: string;
}

export class EdgeStatements {
  readonly putDistribution: Stmt;
  readonly distribution: Stmt<DistributionRow>;
  readonly byDomain: Stmt<DistributionRow>;
  readonly byCallerRef: Stmt<DistributionRow>;
  readonly distributionsOf: Stmt<DistributionRow>;
  readonly deleteDistribution: Stmt;
  readonly allDistributions: Stmt<DistributionRow>;
  readonly putInvalidation: Stmt;
  readonly invalidation: Stmt<{ meta: string }>;
  readonly invalidationsOf: Stmt<{ meta: string }>;
  readonly deleteInvalidations: Stmt;
  readonly putFunction: Stmt;
  readonly function: Stmt<FunctionRow>;
  readonly functionsOf: Stmt<FunctionRow>;
  readonly deleteFunction: Stmt;
  readonly putKvs: Stmt;
  readonly kvs: Stmt<KvsRow>;
  readonly kvsById: Stmt<KvsRow>;
  readonly kvsOf: Stmt<KvsRow>;
  readonly allKvs: Stmt<KvsRow>;
  readonly deleteKvs: Stmt;
  readonly putPolicy: Stmt;
  readonly policy: Stmt<PolicyRow>;
  readonly policyByName: Stmt<PolicyRow>;
  readonly policiesOf: Stmt<PolicyRow>;
  readonly deletePolicy: Stmt;

  constructor(store: Store) {
    const cols = "id, account, domain, etag, meta";
    this.putDistribution = store.stmt("INSERT OR REPLACE INTO edge_distributions (id, account, domain, etag, caller_ref, meta) VALUES (?, ?, ?, ?, ?, ?)");
    this.distribution = store.stmt(`SELECT ${cols} FROM edge_distributions WHERE id = ?`);
    this.byDomain = store.stmt(`SELECT ${cols} FROM edge_distributions WHERE domain = ?`);
    this.byCallerRef = store.stmt(`SELECT ${cols} FROM edge_distributions WHERE account = ? AND caller_ref = ?`);
    this.distributionsOf = store.stmt(`SELECT ${cols} FROM edge_distributions WHERE account = ? AND id > ? ORDER BY id LIMIT ?`);
    this.deleteDistribution = store.stmt("DELETE FROM edge_distributions WHERE id = ?");
    this.allDistributions = store.stmt(`SELECT ${cols} FROM edge_distributions ORDER BY account, id LIMIT 10000`);
    this.putInvalidation = store.stmt("INSERT OR REPLACE INTO edge_invalidations (distribution, id, created, meta) VALUES (?, ?, ?, ?)");
    this.invalidation = store.stmt("SELECT meta FROM edge_invalidations WHERE distribution = ? AND id = ?");
    this.invalidationsOf = store.stmt("SELECT meta FROM edge_invalidations WHERE distribution = ? ORDER BY created DESC, id");
    this.deleteInvalidations = store.stmt("DELETE FROM edge_invalidations WHERE distribution = ?");
    const fcols = "name, stage, etag, code, meta";
    this.putFunction = store.stmt("INSERT OR REPLACE INTO edge_functions (account, name, stage, etag, code, meta) VALUES (?, ?, ?, ?, ?, ?)");
    this.function = store.stmt(`SELECT ${fcols} FROM edge_functions WHERE account = ? AND name = ? AND stage = ?`);
    this.functionsOf = store.stmt(`SELECT ${fcols} FROM edge_functions WHERE account = ? AND stage = ? AND name > ? ORDER BY name LIMIT ?`);
    this.deleteFunction = store.stmt("DELETE FROM edge_functions WHERE account = ? AND name = ?");
    this.putKvs = store.stmt("INSERT OR REPLACE INTO edge_kvs (account, name, id, etag, meta, data) VALUES (?, ?, ?, ?, ?, ?)");
    this.kvs = store.stmt("SELECT * FROM edge_kvs WHERE account = ? AND name = ?");
    this.kvsById = store.stmt("SELECT * FROM edge_kvs WHERE id = ?");
    this.kvsOf = store.stmt("SELECT * FROM edge_kvs WHERE account = ? AND name > ? ORDER BY name LIMIT ?");
    this.allKvs = store.stmt("SELECT * FROM edge_kvs LIMIT 10000");
    this.deleteKvs = store.stmt("DELETE FROM edge_kvs WHERE account = ? AND name = ?");
    const pcols = "id, name, etag, meta";
    this.putPolicy = store.stmt("INSERT OR REPLACE INTO edge_policies (account, kind, id, name, etag, meta) VALUES (?, ?, ?, ?, ?, ?)");
    this.policy = store.stmt(`SELECT ${pcols} FROM edge_policies WHERE account = ? AND kind = ? AND id = ?`);
    this.policyByName = store.stmt(`SELECT ${pcols} FROM edge_policies WHERE account = ? AND kind = ? AND name = ?`);
    this.policiesOf = store.stmt(`SELECT ${pcols} FROM edge_policies WHERE account = ? AND kind = ? ORDER BY name LIMIT 1000`);
    this.deletePolicy = store.stmt("DELETE FROM edge_policies WHERE account = ? AND kind = ? AND id = ?");
  }
}
