/**
 * IAM in SQLite, global per account: roles, their inline policies, managed policies and their
 * versions, attachments, users and access keys, groups (members, inline policies, attachments). Names are unique per account ignoring case, as in IAM.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE iam_roles (account TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, meta TEXT NOT NULL, PRIMARY KEY (account, name));
      CREATE TABLE iam_role_policies (
        account TEXT NOT NULL, role TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
        PRIMARY KEY (account, role, name));
      CREATE TABLE iam_policies (arn TEXT PRIMARY KEY, account TEXT NOT NULL, meta TEXT NOT NULL);
      CREATE TABLE iam_policy_versions (
        arn TEXT NOT NULL, version TEXT NOT NULL, document TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (arn, version));
      CREATE TABLE iam_attachments (account TEXT NOT NULL, role TEXT NOT NULL COLLATE NOCASE, policy TEXT NOT NULL, PRIMARY KEY (account, role, policy));
      CREATE TABLE iam_users (account TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, meta TEXT NOT NULL, PRIMARY KEY (account, name));
      CREATE TABLE iam_access_keys (
        id TEXT PRIMARY KEY, account TEXT NOT NULL, user TEXT NOT NULL COLLATE NOCASE, secret TEXT NOT NULL, status TEXT NOT NULL, created INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE iam_user_policies (
        account TEXT NOT NULL, user TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
        PRIMARY KEY (account, user, name));
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE iam_groups (account TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, meta TEXT NOT NULL, PRIMARY KEY (account, name));
      CREATE TABLE iam_group_members (account TEXT NOT NULL, grp TEXT NOT NULL COLLATE NOCASE, user TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (account, grp, user));
      CREATE INDEX iam_group_members_by_user ON iam_group_members (account, user);
      CREATE TABLE iam_group_policies (
        account TEXT NOT NULL, grp TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
        PRIMARY KEY (account, grp, name));
      CREATE TABLE iam_group_attachments (account TEXT NOT NULL, grp TEXT NOT NULL COLLATE NOCASE, policy TEXT NOT NULL, PRIMARY KEY (account, grp, policy));
    `,
  },
];

export class IamStatements {
  readonly putRole: Stmt;
  readonly role: Stmt<{ meta: string }>;
  readonly roles: Stmt<{ meta: string }>;
  readonly deleteRole: Stmt;
  readonly putRolePolicy: Stmt;
  readonly rolePolicy: Stmt<{ name: string; document: string }>;
  readonly rolePolicies: Stmt<{ name: string; document: string }>;
  readonly deleteRolePolicy: Stmt;
  readonly putPolicy: Stmt;
  readonly policy: Stmt<{ meta: string }>;
  readonly deletePolicy: Stmt;
  readonly policies: Stmt<{ arn: string; meta: string }>;
  readonly putVersion: Stmt;
  readonly version: Stmt<{ version: string; document: string; created: number }>;
  readonly versions: Stmt<{ version: string; document: string; created: number }>;
  readonly deleteVersions: Stmt;
  readonly attach: Stmt;
  readonly detach: Stmt;
  readonly attached: Stmt<{ policy: string }>;
  readonly attachmentsOf: Stmt<{ n: number }>;
  readonly putUser: Stmt;
  readonly user: Stmt<{ meta: string }>;
  readonly putKey: Stmt;
  readonly key: Stmt<{ id: string; account: string; user: string; secret: string; status: string; created: number }>;
  readonly keysOf: Stmt<{ n: number }>;
  readonly setKeyStatus: Stmt;
  readonly deleteKey: Stmt;
  readonly putUserPolicy: Stmt;
  readonly userPolicy: Stmt<{ name: string; document: string }>;
  readonly userPolicies: Stmt<{ name: string; document: string }>;
  readonly deleteUserPolicy: Stmt;
  readonly putGroup: Stmt;
  readonly group: Stmt<{ meta: string }>;
  readonly deleteGroup: Stmt;
  readonly addMember: Stmt;
  readonly removeMember: Stmt;
  readonly members: Stmt<{ user: string }>;
  readonly groupsOf: Stmt<{ grp: string }>;
  readonly putGroupPolicy: Stmt;
  readonly groupPolicy: Stmt<{ name: string; document: string }>;
  readonly groupPolicies: Stmt<{ name: string; document: string }>;
  readonly deleteGroupPolicy: Stmt;
  readonly attachGroup: Stmt;
  readonly detachGroup: Stmt;
  readonly groupAttached: Stmt<{ policy: string }>;
  readonly groupAttachmentsOf: Stmt<{ n: number }>;

  constructor(store: Store) {
    this.putRole = store.stmt("INSERT OR REPLACE INTO iam_roles (account, name, meta) VALUES (?, ?, ?)");
    this.role = store.stmt("SELECT meta FROM iam_roles WHERE account = ? AND name = ?");
    this.roles = store.stmt("SELECT meta FROM iam_roles WHERE account = ? AND name > ? ORDER BY name LIMIT ?");
    this.deleteRole = store.stmt("DELETE FROM iam_roles WHERE account = ? AND name = ?");
    this.putRolePolicy = store.stmt("INSERT OR REPLACE INTO iam_role_policies (account, role, name, document) VALUES (?, ?, ?, ?)");
    this.rolePolicy = store.stmt("SELECT name, document FROM iam_role_policies WHERE account = ? AND role = ? AND name = ?");
    this.rolePolicies = store.stmt("SELECT name, document FROM iam_role_policies WHERE account = ? AND role = ? AND name > ? ORDER BY name LIMIT ?");
    this.deleteRolePolicy = store.stmt("DELETE FROM iam_role_policies WHERE account = ? AND role = ? AND name = ?");
    this.putPolicy = store.stmt("INSERT OR REPLACE INTO iam_policies (arn, account, meta) VALUES (?, ?, ?)");
    this.policy = store.stmt("SELECT meta FROM iam_policies WHERE arn = ?");
    this.deletePolicy = store.stmt("DELETE FROM iam_policies WHERE arn = ?");
    this.policies = store.stmt("SELECT arn, meta FROM iam_policies WHERE account = ? AND arn > ? ORDER BY arn LIMIT ?");
    this.putVersion = store.stmt("INSERT INTO iam_policy_versions (arn, version, document, created) VALUES (?, ?, ?, ?)");
    this.version = store.stmt("SELECT version, document, created FROM iam_policy_versions WHERE arn = ? AND version = ?");
    this.versions = store.stmt("SELECT version, document, created FROM iam_policy_versions WHERE arn = ? ORDER BY created, version");
    this.deleteVersions = store.stmt("DELETE FROM iam_policy_versions WHERE arn = ?");
    this.attach = store.stmt("INSERT OR IGNORE INTO iam_attachments (account, role, policy) VALUES (?, ?, ?)");
    this.detach = store.stmt("DELETE FROM iam_attachments WHERE account = ? AND role = ? AND policy = ?");
    this.attached = store.stmt("SELECT policy FROM iam_attachments WHERE account = ? AND role = ? AND policy > ? ORDER BY policy LIMIT ?");
    this.attachmentsOf = store.stmt("SELECT COUNT(*) AS n FROM iam_attachments WHERE policy = ?");
    this.putUser = store.stmt("INSERT INTO iam_users (account, name, meta) VALUES (?, ?, ?)");
    this.user = store.stmt("SELECT meta FROM iam_users WHERE account = ? AND name = ?");
    this.putKey = store.stmt("INSERT INTO iam_access_keys (id, account, user, secret, status, created) VALUES (?, ?, ?, ?, ?, ?)");
    this.key = store.stmt("SELECT * FROM iam_access_keys WHERE id = ?");
    this.keysOf = store.stmt("SELECT COUNT(*) AS n FROM iam_access_keys WHERE account = ? AND user = ?");
    this.setKeyStatus = store.stmt("UPDATE iam_access_keys SET status = ? WHERE id = ?");
    this.deleteKey = store.stmt("DELETE FROM iam_access_keys WHERE id = ?");
    this.putUserPolicy = store.stmt("INSERT OR REPLACE INTO iam_user_policies (account, user, name, document) VALUES (?, ?, ?, ?)");
    this.userPolicy = store.stmt("SELECT name, document FROM iam_user_policies WHERE account = ? AND user = ? AND name = ?");
    this.userPolicies = store.stmt("SELECT name, document FROM iam_user_policies WHERE account = ? AND user = ? ORDER BY name");
    this.deleteUserPolicy = store.stmt("DELETE FROM iam_user_policies WHERE account = ? AND user = ? AND name = ?");
    this.putGroup = store.stmt("INSERT INTO iam_groups (account, name, meta) VALUES (?, ?, ?)");
    this.group = store.stmt("SELECT meta FROM iam_groups WHERE account = ? AND name = ?");
    this.deleteGroup = store.stmt("DELETE FROM iam_groups WHERE account = ? AND name = ?");
    this.addMember = store.stmt("INSERT OR IGNORE INTO iam_group_members (account, grp, user) VALUES (?, ?, ?)");
    this.removeMember = store.stmt("DELETE FROM iam_group_members WHERE account = ? AND grp = ? AND user = ?");
    this.members = store.stmt("SELECT user FROM iam_group_members WHERE account = ? AND grp = ? ORDER BY user");
    this.groupsOf = store.stmt("SELECT grp FROM iam_group_members WHERE account = ? AND user = ? ORDER BY grp");
    this.putGroupPolicy = store.stmt("INSERT OR REPLACE INTO iam_group_policies (account, grp, name, document) VALUES (?, ?, ?, ?)");
    this.groupPolicy = store.stmt("SELECT name, document FROM iam_group_policies WHERE account = ? AND grp = ? AND name = ?");
    this.groupPolicies = store.stmt("SELECT name, document FROM iam_group_policies WHERE account = ? AND grp = ? ORDER BY name");
    this.deleteGroupPolicy = store.stmt("DELETE FROM iam_group_policies WHERE account = ? AND grp = ? AND name = ?");
    this.attachGroup = store.stmt("INSERT OR IGNORE INTO iam_group_attachments (account, grp, policy) VALUES (?, ?, ?)");
    this.detachGroup = store.stmt("DELETE FROM iam_group_attachments WHERE account = ? AND grp = ? AND policy = ?");
    this.groupAttached = store.stmt("SELECT policy FROM iam_group_attachments WHERE account = ? AND grp = ? ORDER BY policy");
    this.groupAttachmentsOf = store.stmt("SELECT COUNT(*) AS n FROM iam_group_attachments WHERE policy = ?");
  }
}
