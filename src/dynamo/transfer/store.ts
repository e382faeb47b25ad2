/** Export and import tasks as DynamoDB describes them, kept in the service's store. */
import type { Migration, Stmt, Store } from "../../core/db.js";

export const transferMigrations: Migration[] = [
  {
    version: 3,
    sql: `
      CREATE TABLE ddb_transfers (
        arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, kind TEXT NOT NULL,
        created INTEGER NOT NULL, token TEXT, description TEXT NOT NULL);
    `,
  },
];

export interface TransferRow {
  arn: string;
  created: number;
  token: string | null;
  description: string;
}

export class TransferStatements {
  readonly put: Stmt;
  readonly get: Stmt<TransferRow>;
  readonly list: Stmt<TransferRow>;
  readonly byToken: Stmt<TransferRow>;
  readonly unfinished: Stmt<TransferRow & { account: string; region: string; kind: string }>;

  constructor(store: Store) {
    this.put = store.stmt("INSERT OR REPLACE INTO ddb_transfers (arn, account, region, kind, created, token, description) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.get = store.stmt("SELECT arn, created, token, description FROM ddb_transfers WHERE account = ? AND region = ? AND kind = ? AND arn = ?");
    this.list = store.stmt("SELECT arn, created, token, description FROM ddb_transfers WHERE account = ? AND region = ? AND kind = ? ORDER BY created, arn");
    this.unfinished = store.stmt(`SELECT arn, account, region, kind, created, token, description FROM ddb_transfers WHERE description LIKE '%"IN_PROGRESS"%'`);
    this.byToken = store.stmt("SELECT arn, created, token, description FROM ddb_transfers WHERE account = ? AND region = ? AND kind = ? AND token = ?");
  }
}
