import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalAwsError } from "./errors.js";

type SqliteDb = Database.Database;
type SqliteStatement = Database.Statement<unknown[], unknown>;
type BindParams = unknown[] | [Record<string, unknown>];

/** A versioned schema change owned by one service. Versions start at 1 and only grow. */
export interface Migration {
  version: number;
  sql: string | ((db: SqliteDb) => void);
}

/**
 * A prepared statement that survives `restore()`: it re-prepares itself when the database behind
 * the store has been swapped.
 */
export class Stmt<Row = unknown> {
  private prepared?: SqliteStatement;
  private generation = -1;
  constructor(
    private readonly store: Store,
    readonly sql: string,
  ) {}

  private statement(): SqliteStatement {
    if (this.generation !== this.store.generation || !this.prepared) {
      this.prepared = this.store.raw.prepare(this.sql);
      this.generation = this.store.generation;
    }
    return this.prepared;
  }
  get(...params: BindParams): Row | undefined {
    return this.statement().get(...params) as Row | undefined;
  }
  all(...params: BindParams): Row[] {
    return this.statement().all(...params) as Row[];
  }
  /**
   * Rows as arrays of column values (better-sqlite3's raw mode): no object per row, whose
   * properties the binding adds one by one (each a map transition).
   */
  rawRows(...params: BindParams): unknown[][] {
    const statement = this.statement();
    statement.raw(true);
    try {
      return statement.all(...params) as unknown[][];
    } finally {
      statement.raw(false);
    }
  }
  run(...params: BindParams): Database.RunResult {
    return this.statement().run(...params);
  }
  *iterate(...params: BindParams): IterableIterator<Row> {
    yield* this.statement().iterate(...params) as IterableIterator<Row>;
  }
}

/**
 * Statements whose SQL depends on a count (a multi-row INSERT, an `IN (?, ...)` list): one prepared
 * statement per count, built on first use.
 */
export class StmtBySize<Row = unknown> {
  private readonly bySize = new Map<number, Stmt<Row>>();
  constructor(
    private readonly store: Store,
    private readonly sqlFor: (n: number) => string,
  ) {}

  get(n: number): Stmt<Row> {
    let stmt = this.bySize.get(n);
    if (!stmt) this.bySize.set(n, (stmt = this.store.stmt<Row>(this.sqlFor(n))));
    return stmt;
  }
}

/** `n` comma-separated copies of `group`, e.g. `(?, ?), (?, ?)`. */
export function placeholders(n: number, group = "?"): string {
  return Array.from({ length: n }, () => group).join(", ");
}

export interface StoreOptions {
  /** Directory for `local-aws.db`; undefined keeps everything in memory. */
  dataDir?: string;
}

/**
 * The one SQLite database of the process. Services own their tables (prefixed), create them through
 * migrations, and read and write through `stmt()`. Every write is committed before its response.
 */
export class Store {
  raw: SqliteDb;
  generation = 0;
  readonly path: string | undefined;
  private snapshots = new Map<string, Buffer>();
  private snapshotSeq = 0;
  private restoreHooks = new Set<() => void>();

  constructor(options: StoreOptions = {}) {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.path = join(options.dataDir, "local-aws.db");
    }
    this.raw = this.open();
    this.raw.exec(`CREATE TABLE IF NOT EXISTS core_migrations (
      service TEXT PRIMARY KEY, version INTEGER NOT NULL)`);
  }

  private open(image?: Buffer): SqliteDb {
    const db = image && !this.path ? new Database(image) : new Database(this.path ?? ":memory:");
    if (this.path) {
      db.pragma("journal_mode = WAL");
      // WAL with synchronous=NORMAL keeps every committed transaction across a process crash
      // (kill -9): commits are in the OS page cache before the call returns. Only power loss could
      // drop the last ones; the durability test kills the process, which is what users do.
      db.pragma("synchronous = NORMAL");
    }
    db.pragma("foreign_keys = OFF");
    db.pragma("busy_timeout = 5000");
    return db;
  }

  stmt<Row = unknown>(sql: string): Stmt<Row> {
    return new Stmt<Row>(this, sql);
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  txn<T>(fn: () => T): T {
    // better-sqlite3 compiles a wrapper per transaction() call (~7 µs): build one per database.
    if (this.txnGeneration !== this.generation || !this.runInTxn) {
      this.runInTxn = this.raw.transaction((f: () => unknown) => f());
      this.txnGeneration = this.generation;
    }
    return this.runInTxn(fn) as T;
  }
  private runInTxn?: (fn: () => unknown) => unknown;
  private txnGeneration = -1;

  /** Applies the migrations of `service` that have not run yet, each in its own transaction. */
  migrate(service: string, migrations: Migration[]): void {
    const row = this.raw.prepare("SELECT version FROM core_migrations WHERE service = ?").get(service) as
      | { version: number }
      | undefined;
    let current = row?.version ?? 0;
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      this.txn(() => {
        if (typeof m.sql === "string") this.raw.exec(m.sql);
        else m.sql(this.raw);
        this.raw
          .prepare("INSERT INTO core_migrations (service, version) VALUES (?, ?) ON CONFLICT(service) DO UPDATE SET version = excluded.version")
          .run(service, m.version);
      });
      current = m.version;
    }
  }

  /** Services whose migrations have run on this store (they have state to resume). */
  migratedServices(): string[] {
    return (this.raw.prepare("SELECT service FROM core_migrations").all() as { service: string }[]).map((r) => r.service);
  }

  /** Names of tables whose name starts with `prefix` (e.g. to see if a service has state). */
  tablesWithPrefix(prefix: string): string[] {
    return (this.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'").all(
      `${prefix.replace(/_/g, "\\_")}%`,
    ) as { name: string }[]).map((r) => r.name);
  }

  /** Called after restore/reset so services can rebuild their in-memory caches. */
  onRestore(hook: () => void): () => void {
    this.restoreHooks.add(hook);
    return () => this.restoreHooks.delete(hook);
  }

  snapshot(): string {
    const id = `snap-${++this.snapshotSeq}`;
    this.snapshots.set(id, this.raw.serialize());
    return id;
  }

  hasSnapshots(): boolean {
    return this.snapshots.size > 0;
  }

  restore(id: string): void {
    const image = this.snapshots.get(id);
    if (!image) throw new LocalAwsError("LA_ERR_NO_SNAPSHOT", `no snapshot with id ${id}`);
    this.replaceWith(image);
  }

  /** Empties every service's tables (keeping the schema) and forgets all snapshots. */
  reset(): void {
    const tables = (this.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'core_migrations'").all() as {
      name: string;
    }[]).map((r) => r.name);
    this.txn(() => {
      for (const t of tables) this.raw.exec(`DELETE FROM "${t.replace(/"/g, '""')}"`);
    });
    this.snapshots.clear();
    for (const hook of this.restoreHooks) hook();
  }

  private replaceWith(image: Buffer): void {
    this.raw.close();
    if (this.path) {
      // Write the image beside the database and rename it into place: a crash leaves one whole file.
      const tmp = `${this.path}.restore`;
      writeFileSync(tmp, image);
      for (const suffix of ["-wal", "-shm"]) if (existsSync(this.path + suffix)) rmSync(this.path + suffix);
      renameSync(tmp, this.path);
    }
    this.raw = this.open(image);
    this.generation++;
    for (const hook of this.restoreHooks) hook();
  }

  close(): void {
    if (this.raw.open) {
      if (this.path) this.raw.pragma("wal_checkpoint(TRUNCATE)");
      this.raw.close();
    }
  }
}
