/**
 * The service's SQL. Pools, clients, users and groups keep their AWS-shaped description as JSON
 * (a row is read and written whole, and they are small); what is looked up has its own column.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE cognito_pools (
        id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX cognito_pools_by_scope ON cognito_pools (account, region, created, id);
      CREATE TABLE cognito_keys (
        pool_id TEXT NOT NULL,
        use TEXT NOT NULL,
        kid TEXT NOT NULL,
        private_jwk TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        PRIMARY KEY (pool_id, use)
      );
      CREATE TABLE cognito_clients (
        id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        created INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX cognito_clients_by_pool ON cognito_clients (pool_id, created, id);
      CREATE TABLE cognito_users (
        pool_id TEXT NOT NULL,
        username_key TEXT NOT NULL,
        sub TEXT NOT NULL,
        created INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (pool_id, username_key)
      );
      CREATE UNIQUE INDEX cognito_users_by_sub ON cognito_users (pool_id, sub);
      CREATE TABLE cognito_aliases (
        pool_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        username_key TEXT NOT NULL,
        PRIMARY KEY (pool_id, alias)
      );
      CREATE TABLE cognito_groups (
        pool_id TEXT NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (pool_id, name)
      );
      CREATE TABLE cognito_members (
        pool_id TEXT NOT NULL,
        group_name TEXT NOT NULL,
        username_key TEXT NOT NULL,
        PRIMARY KEY (pool_id, group_name, username_key)
      );
      CREATE INDEX cognito_members_by_user ON cognito_members (pool_id, username_key);
      CREATE TABLE cognito_refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        username_key TEXT NOT NULL,
        origin_jti TEXT NOT NULL,
        auth_time INTEGER NOT NULL,
        expires INTEGER NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0,
        scope TEXT
      );
      CREATE INDEX cognito_refresh_by_user ON cognito_refresh_tokens (pool_id, username_key);
      CREATE TABLE cognito_revoked_jti (
        origin_jti TEXT PRIMARY KEY,
        expires INTEGER NOT NULL
      );
      CREATE TABLE cognito_sessions (
        id TEXT PRIMARY KEY,
        expires INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE cognito_messages (
        id INTEGER PRIMARY KEY,
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        time INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX cognito_messages_by_user ON cognito_messages (pool_id, username, id);
      CREATE TABLE cognito_domains (
        domain TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE cognito_resource_servers (
        pool_id TEXT NOT NULL,
        identifier TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (pool_id, identifier)
      );
      CREATE TABLE cognito_auth_codes (
        code TEXT PRIMARY KEY,
        expires INTEGER NOT NULL,
        data TEXT NOT NULL
      );
    `,
  },
];

export interface PoolRow {
  id: string;
  account: string;
  region: string;
  data: string;
}
export interface DataRow {
  data: string;
}
export interface UserRow {
  username_key: string;
  sub: string;
  data: string;
}
export interface KeyRow {
  use: string;
  kid: string;
  private_jwk: string;
  public_jwk: string;
}
export interface RefreshRow {
  token_hash: string;
  pool_id: string;
  client_id: string;
  username_key: string;
  origin_jti: string;
  auth_time: number;
  expires: number;
  revoked: number;
  scope: string | null;
}

/** Every statement of the service, prepared once per Store (they survive restore()). */
export class CognitoStore {
  readonly poolById: Stmt<PoolRow>;
  readonly poolsFrom: Stmt<PoolRow>;
  readonly insertPool: Stmt;
  readonly updatePool: Stmt;
  readonly deletePool: Stmt[];
  readonly keysOf: Stmt<KeyRow>;
  readonly insertKey: Stmt;

  readonly clientById: Stmt<DataRow & { pool_id: string }>;
  readonly clientsOf: Stmt<DataRow & { id: string; created: number }>;
  readonly insertClient: Stmt;
  readonly updateClient: Stmt;
  readonly deleteClient: Stmt;

  readonly userByKey: Stmt<UserRow>;
  readonly userBySub: Stmt<UserRow>;
  readonly usersOf: Stmt<UserRow>;
  readonly countUsers: Stmt<{ n: number }>;
  readonly insertUser: Stmt;
  readonly updateUser: Stmt;
  readonly deleteUser: Stmt;
  readonly aliasOwner: Stmt<{ username_key: string }>;
  readonly setAlias: Stmt;
  readonly deleteAlias: Stmt;
  readonly deleteAliasesOf: Stmt;

  readonly groupByName: Stmt<DataRow>;
  readonly groupsOf: Stmt<DataRow & { name: string }>;
  readonly insertGroup: Stmt;
  readonly updateGroup: Stmt;
  readonly deleteGroup: Stmt;
  readonly deleteGroupMembers: Stmt;
  readonly addMember: Stmt;
  readonly removeMember: Stmt;
  readonly groupsOfUser: Stmt<DataRow & { name: string }>;
  readonly membersOf: Stmt<{ username_key: string }>;
  readonly deleteMembershipsOf: Stmt;

  readonly insertRefresh: Stmt;
  readonly refreshByHash: Stmt<RefreshRow>;
  readonly revokeRefresh: Stmt;
  readonly revokeUserRefresh: Stmt;
  readonly refreshOfUser: Stmt<{ origin_jti: string; expires: number }>;
  readonly revokeJti: Stmt;
  readonly jtiRevoked: Stmt<{ origin_jti: string }>;

  readonly sessionById: Stmt<{ expires: number; data: string }>;
  readonly putSession: Stmt;
  readonly deleteSession: Stmt;
  readonly sweepSessions: Stmt;

  readonly insertMessage: Stmt;
  readonly messagesOf: Stmt<{ data: string }>;
  readonly messagesOfPool: Stmt<{ data: string }>;
  readonly allMessages: Stmt<{ data: string }>;
  readonly clearMessages: Stmt;
  readonly clearPoolMessages: Stmt;
  readonly clearUserMessages: Stmt;

  readonly domainByName: Stmt<{ pool_id: string; data: string }>;
  readonly domainOfPool: Stmt<{ domain: string; data: string }>;
  readonly insertDomain: Stmt;
  readonly deleteDomain: Stmt;
  readonly resourceServer: Stmt<DataRow>;
  readonly resourceServersOf: Stmt<DataRow>;
  readonly putResourceServer: Stmt;
  readonly deleteResourceServer: Stmt;

  readonly authCode: Stmt<{ expires: number; data: string }>;
  readonly putAuthCode: Stmt;
  readonly deleteAuthCode: Stmt;

  constructor(readonly store: Store) {
    const s = <Row>(sql: string): Stmt<Row> => store.stmt<Row>(sql);
    this.poolById = s("SELECT id, account, region, data FROM cognito_pools WHERE id = ?");
    this.poolsFrom = s("SELECT id, account, region, data FROM cognito_pools WHERE account = ? AND region = ? AND id > ? ORDER BY id LIMIT ?");
    this.insertPool = s("INSERT INTO cognito_pools (id, account, region, name, created, data) VALUES (?, ?, ?, ?, ?, ?)");
    this.updatePool = s("UPDATE cognito_pools SET data = ?, name = ? WHERE id = ?");
    this.deletePool = [
      "cognito_pools WHERE id",
      "cognito_keys WHERE pool_id",
      "cognito_clients WHERE pool_id",
      "cognito_users WHERE pool_id",
      "cognito_aliases WHERE pool_id",
      "cognito_groups WHERE pool_id",
      "cognito_members WHERE pool_id",
      "cognito_refresh_tokens WHERE pool_id",
      "cognito_domains WHERE pool_id",
      "cognito_resource_servers WHERE pool_id",
    ].map((t) => s(`DELETE FROM ${t} = ?`));
    this.keysOf = s("SELECT use, kid, private_jwk, public_jwk FROM cognito_keys WHERE pool_id = ?");
    this.insertKey = s("INSERT OR REPLACE INTO cognito_keys (pool_id, use, kid, private_jwk, public_jwk) VALUES (?, ?, ?, ?, ?)");

    this.clientById = s("SELECT pool_id, data FROM cognito_clients WHERE id = ?");
    this.clientsOf = s("SELECT id, created, data FROM cognito_clients WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?");
    this.insertClient = s("INSERT INTO cognito_clients (id, pool_id, created, data) VALUES (?, ?, ?, ?)");
    this.updateClient = s("UPDATE cognito_clients SET data = ? WHERE id = ?");
    this.deleteClient = s("DELETE FROM cognito_clients WHERE id = ?");

    this.userByKey = s("SELECT username_key, sub, data FROM cognito_users WHERE pool_id = ? AND username_key = ?");
    this.userBySub = s("SELECT username_key, sub, data FROM cognito_users WHERE pool_id = ? AND sub = ?");
    this.usersOf = s("SELECT username_key, sub, data FROM cognito_users WHERE pool_id = ? AND username_key > ? ORDER BY username_key");
    this.countUsers = s("SELECT count(*) AS n FROM cognito_users WHERE pool_id = ?");
    this.insertUser = s("INSERT INTO cognito_users (pool_id, username_key, sub, created, data) VALUES (?, ?, ?, ?, ?)");
    this.updateUser = s("UPDATE cognito_users SET data = ? WHERE pool_id = ? AND username_key = ?");
    this.deleteUser = s("DELETE FROM cognito_users WHERE pool_id = ? AND username_key = ?");
    this.aliasOwner = s("SELECT username_key FROM cognito_aliases WHERE pool_id = ? AND alias = ?");
    this.setAlias = s("INSERT OR REPLACE INTO cognito_aliases (pool_id, alias, username_key) VALUES (?, ?, ?)");
    this.deleteAlias = s("DELETE FROM cognito_aliases WHERE pool_id = ? AND alias = ?");
    this.deleteAliasesOf = s("DELETE FROM cognito_aliases WHERE pool_id = ? AND username_key = ?");

    this.groupByName = s("SELECT data FROM cognito_groups WHERE pool_id = ? AND name = ?");
    this.groupsOf = s("SELECT name, data FROM cognito_groups WHERE pool_id = ? AND name > ? ORDER BY name LIMIT ?");
    this.insertGroup = s("INSERT INTO cognito_groups (pool_id, name, data) VALUES (?, ?, ?)");
    this.updateGroup = s("UPDATE cognito_groups SET data = ? WHERE pool_id = ? AND name = ?");
    this.deleteGroup = s("DELETE FROM cognito_groups WHERE pool_id = ? AND name = ?");
    this.deleteGroupMembers = s("DELETE FROM cognito_members WHERE pool_id = ? AND group_name = ?");
    this.addMember = s("INSERT OR IGNORE INTO cognito_members (pool_id, group_name, username_key) VALUES (?, ?, ?)");
    this.removeMember = s("DELETE FROM cognito_members WHERE pool_id = ? AND group_name = ? AND username_key = ?");
    this.groupsOfUser = s(
      "SELECT g.name, g.data FROM cognito_members m JOIN cognito_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name WHERE m.pool_id = ? AND m.username_key = ? ORDER BY g.name",
    );
    this.membersOf = s("SELECT username_key FROM cognito_members WHERE pool_id = ? AND group_name = ? AND username_key > ? ORDER BY username_key LIMIT ?");
    this.deleteMembershipsOf = s("DELETE FROM cognito_members WHERE pool_id = ? AND username_key = ?");

    this.insertRefresh = s(
      "INSERT INTO cognito_refresh_tokens (token_hash, pool_id, client_id, username_key, origin_jti, auth_time, expires, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.refreshByHash = s("SELECT * FROM cognito_refresh_tokens WHERE token_hash = ?");
    this.revokeRefresh = s("UPDATE cognito_refresh_tokens SET revoked = 1 WHERE token_hash = ?");
    this.revokeUserRefresh = s("UPDATE cognito_refresh_tokens SET revoked = 1 WHERE pool_id = ? AND username_key = ?");
    this.refreshOfUser = s("SELECT origin_jti, expires FROM cognito_refresh_tokens WHERE pool_id = ? AND username_key = ?");
    this.revokeJti = s("INSERT OR REPLACE INTO cognito_revoked_jti (origin_jti, expires) VALUES (?, ?)");
    this.jtiRevoked = s("SELECT origin_jti FROM cognito_revoked_jti WHERE origin_jti = ?");

    this.sessionById = s("SELECT expires, data FROM cognito_sessions WHERE id = ?");
    this.putSession = s("INSERT OR REPLACE INTO cognito_sessions (id, expires, data) VALUES (?, ?, ?)");
    this.deleteSession = s("DELETE FROM cognito_sessions WHERE id = ?");
    this.sweepSessions = s("DELETE FROM cognito_sessions WHERE expires < ?");

    this.insertMessage = s("INSERT INTO cognito_messages (pool_id, username, time, data) VALUES (?, ?, ?, ?)");
    this.messagesOf = s("SELECT data FROM cognito_messages WHERE pool_id = ? AND username = ? ORDER BY id");
    this.messagesOfPool = s("SELECT data FROM cognito_messages WHERE pool_id = ? ORDER BY id");
    this.allMessages = s("SELECT data FROM cognito_messages ORDER BY id");
    this.clearMessages = s("DELETE FROM cognito_messages");
    this.clearPoolMessages = s("DELETE FROM cognito_messages WHERE pool_id = ?");
    this.clearUserMessages = s("DELETE FROM cognito_messages WHERE pool_id = ? AND username = ?");

    this.domainByName = s("SELECT pool_id, data FROM cognito_domains WHERE domain = ?");
    this.domainOfPool = s("SELECT domain, data FROM cognito_domains WHERE pool_id = ?");
    this.insertDomain = s("INSERT INTO cognito_domains (domain, pool_id, data) VALUES (?, ?, ?)");
    this.deleteDomain = s("DELETE FROM cognito_domains WHERE domain = ?");
    this.resourceServer = s("SELECT data FROM cognito_resource_servers WHERE pool_id = ? AND identifier = ?");
    this.resourceServersOf = s("SELECT data FROM cognito_resource_servers WHERE pool_id = ? ORDER BY identifier");
    this.putResourceServer = s("INSERT OR REPLACE INTO cognito_resource_servers (pool_id, identifier, data) VALUES (?, ?, ?)");
    this.deleteResourceServer = s("DELETE FROM cognito_resource_servers WHERE pool_id = ? AND identifier = ?");

    this.authCode = s("SELECT expires, data FROM cognito_auth_codes WHERE code = ?");
    this.putAuthCode = s("INSERT INTO cognito_auth_codes (code, expires, data) VALUES (?, ?, ?)");
    this.deleteAuthCode = s("DELETE FROM cognito_auth_codes WHERE code = ?");
  }
}
