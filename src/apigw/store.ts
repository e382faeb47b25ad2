/**
 * The service's SQL. Every API Gateway object is one JSON document in `apigw_docs`, keyed by its
 * kind and its parent (the API it belongs to, or '' for top-level objects such as API keys), in
 * the wire shape AWS returns it. `extra` holds what AWS never returns (a deployment's snapshot of
 * the API, an API key's usage). Documents are few and small; reading and rewriting them whole is
 * simpler than one table per kind and keeps snapshot/restore automatic.
 */
import type { Migration, Store } from "../core/db.js";
import type { Scope } from "../core/events.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE apigw_docs (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent TEXT NOT NULL,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        doc TEXT NOT NULL,
        extra TEXT,
        PRIMARY KEY (account, region, kind, parent, id)
      );
      CREATE INDEX apigw_docs_by_id ON apigw_docs (kind, id);
    `,
  },
];

export type Kind =
  | "restapi" | "resource" | "deployment" | "stage" | "authorizer" | "validator" | "model"
  | "apikey" | "usageplan" | "usageplankey" | "gatewayresponse"
  | "api" | "route" | "integration" | "v2stage" | "v2authorizer" | "v2deployment" | "routeresponse" | "integrationresponse";

export type Doc = Record<string, unknown>;

interface Row {
  account: string;
  region: string;
  parent: string;
  id: string;
  doc: string;
  extra: string | null;
}

export interface Located<T = Doc> {
  scope: Scope;
  parent: string;
  id: string;
  doc: T;
}

/** Typed access to the documents; one per store. */
export class DocStore {
  private seq = 0;
  /** Bumped on every write: data-plane caches compare it to know they are stale. */
  generation = 0;
  private readonly stmts;
  constructor(private readonly store: Store) {
    const s = store;
    this.stmts = {
      get: s.stmt<Row>("SELECT * FROM apigw_docs WHERE account = ? AND region = ? AND kind = ? AND parent = ? AND id = ?"),
      list: s.stmt<Row>("SELECT * FROM apigw_docs WHERE account = ? AND region = ? AND kind = ? AND parent = ? ORDER BY seq"),
      listKind: s.stmt<Row>("SELECT * FROM apigw_docs WHERE kind = ? ORDER BY seq"),
      byId: s.stmt<Row>("SELECT * FROM apigw_docs WHERE kind = ? AND id = ?"),
      put: s.stmt(
        "INSERT INTO apigw_docs (account, region, kind, parent, id, seq, doc, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, kind, parent, id) DO UPDATE SET doc = excluded.doc, extra = COALESCE(excluded.extra, apigw_docs.extra)",
      ),
      maxSeq: s.stmt<{ m: number | null }>("SELECT MAX(seq) AS m FROM apigw_docs"),
      del: s.stmt("DELETE FROM apigw_docs WHERE account = ? AND region = ? AND kind = ? AND parent = ? AND id = ?"),
      delChildren: s.stmt("DELETE FROM apigw_docs WHERE account = ? AND region = ? AND parent = ? AND kind <> 'usageplankey'"),
    };
    store.onRestore(() => this.reloaded());
  }

  get<T = Doc>(scope: Scope, kind: Kind, parent: string, id: string): T | undefined {
    const row = this.stmts.get.get(scope.accountId, scope.region, kind, parent, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  extra<T>(scope: Scope, kind: Kind, parent: string, id: string): T | undefined {
    const row = this.stmts.get.get(scope.accountId, scope.region, kind, parent, id);
    return row?.extra ? (JSON.parse(row.extra) as T) : undefined;
  }

  list<T = Doc>(scope: Scope, kind: Kind, parent: string): T[] {
    return this.stmts.list.all(scope.accountId, scope.region, kind, parent).map((r) => JSON.parse(r.doc) as T);
  }

  /** Every document of a kind in every account and region (the data plane finds APIs by id alone). */
  all<T = Doc>(kind: Kind): Located<T>[] {
    return this.stmts.listKind.all(kind).map((r) => located<T>(r));
  }

  findById<T = Doc>(kind: Kind, id: string): Located<T> | undefined {
    const row = this.stmts.byId.get(kind, id);
    return row ? located<T>(row) : undefined;
  }

  put(scope: Scope, kind: Kind, parent: string, id: string, doc: object, extra?: unknown): void {
    if (this.seq === 0) this.seq = this.stmts.maxSeq.get()?.m ?? 0;
    this.stmts.put.run(scope.accountId, scope.region, kind, parent, id, ++this.seq, JSON.stringify(doc), extra === undefined ? null : JSON.stringify(extra));
    this.generation++;
  }

  delete(scope: Scope, kind: Kind, parent: string, id: string): boolean {
    this.generation++;
    return this.stmts.del.run(scope.accountId, scope.region, kind, parent, id).changes > 0;
  }

  /** Deletes an API's children (resources, stages, routes...). */
  deleteChildren(scope: Scope, parent: string): void {
    this.generation++;
    this.stmts.delChildren.run(scope.accountId, scope.region, parent);
  }

  private readonly memo = new Map<string, unknown>();
  private memoGeneration = -1;

  /**
   * A read through a cache that every write empties: the data plane reads the same few documents
   * (API, stage, deployment) on every request. The values are shared: callers must not change them.
   */
  memoized<T>(key: string, read: () => T): T {
    if (this.memoGeneration !== this.generation) {
      this.memo.clear();
      this.memoGeneration = this.generation;
    }
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = read();
    if (this.memo.size < 4096) this.memo.set(key, value);
    return value;
  }

  txn<T>(fn: () => T): T {
    return this.store.txn(fn);
  }

  /** After restore/reset: sequence numbers come from the new database. */
  reloaded(): void {
    this.seq = 0;
    this.generation++;
  }
}

function located<T>(r: Row): Located<T> {
  return { scope: { accountId: r.account, region: r.region }, parent: r.parent, id: r.id, doc: JSON.parse(r.doc) as T };
}
