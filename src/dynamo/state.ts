/**
 * Per-server state of the DynamoDB service: its statements and the in-memory table cache, built
 * once per server by core (serviceWithState) and handed to every operation and hook.
 */
import { serviceWithState, type ServiceEnv } from "../core/service.js";
import type { Clock } from "../core/clock.js";
import type { Store } from "../core/db.js";
import type { Settings } from "../core/settings.js";
import { ItemCache } from "./item-cache.js";
import { TransactionLocks } from "./transaction-locks.js";
import { BackupStatements } from "./backup-store.js";
import { BackupCopies, type CopyProgress } from "./backup-copy.js";
import { resumeFills } from "./restore-fill.js";
import { failInterruptedTasks } from "./transfer/tasks.js";
import { TransferStatements } from "./transfer/store.js";
import { DynamoStatements } from "./store.js";
import { StreamHeads } from "./streams/heads.js";
import type { TableMeta } from "./table-meta.js";

export interface DynamoConfig {
  /** Milliseconds a table (or a change to it) stays CREATING/UPDATING before DescribeTable shows ACTIVE. */
  tableStatusDelayMs: number;
  /** Enforce provisioned throughput per second (ProvisionedThroughputExceededException). */
  enforceThroughput: boolean;
  /** Largest item collection (a partition key's items and LSI entries) of a table with LSIs: 10 GB on AWS. */
  itemCollectionSizeLimitBytes: number;
  /** Milliseconds a TransactWriteItems stays in progress before it commits (0: it commits at once). */
  transactionWindowMs: number;
  /** Items per chunk of a backup's copy, a restore's fill or an import (between chunks, requests run). */
  bulkChunkItems: number;
  /** 0: the next chunk runs after the requests waiting; more: this long after, on the clock (tests). */
  bulkChunkDelayMs: number;
}

export class DynamoState {
  readonly sql: DynamoStatements;
  readonly backups: BackupStatements;
  readonly transfers: TransferStatements;
  readonly config: DynamoConfig;
  /**
   * Table descriptions by account, region and name: nested maps rather than one joined key, so a
   * lookup builds no text (a request's table name is hashed once, and its account and region are
   * the same strings request after request).
   */
  private tables = new Map<string, Map<string, Map<string, TableMeta>>>();
  private seq = 0n;
  /** Capacity consumed per table in the current second (throughput enforcement). */
  readonly usage = new Map<number, { second: number; read: number; write: number }>();
  readonly items: ItemCache;
  readonly locks = new TransactionLocks();
  /** Backups being copied while the table takes writes (backup-copy.ts). */
  readonly backupCopies: BackupCopies;
  /** The fields each stream's records share, stored once (streams/heads.ts). */
  readonly streamHeads: StreamHeads;

  constructor(
    private readonly store: Store,
    settings: Settings,
    private readonly clock: Clock,
  ) {
    this.sql = new DynamoStatements(store);
    this.backups = new BackupStatements(store);
    this.transfers = new TransferStatements(store);
    this.streamHeads = new StreamHeads(store);
    this.items = new ItemCache(store);
    this.config = readConfig(settings);
    this.backupCopies = new BackupCopies(store, this.backups, clock, { items: this.config.bulkChunkItems, delayMs: this.config.bulkChunkDelayMs });
    this.seq = BigInt(clock.now()) * 1_000_000n;
    store.onRestore(() => this.clear());
    this.armDeletions();
  }

  /** Set when the store was swapped: timers must be re-armed once the clock has been cleared. */
  needsRearm = false;

  /** After restore or reset (before the clock's timers are cancelled): caches dropped. */
  clear(): void {
    this.tables.clear();
    this.usage.clear();
    this.items.clear();
    this.locks.clear();
    this.backupCopies.clear();
    this.streamHeads.clear();
    this.needsRearm = true;
  }

  isOpen(): boolean {
    return this.store.raw.open;
  }

  /** Tables left DELETING (by a status delay) disappear when their delay is over. */
  armDeletions(): void {
    this.needsRearm = false;
    for (const row of this.sql.deletingTables.all()) {
      const meta = JSON.parse(row.meta) as TableMeta;
      this.armDeletion(row.account, row.region, meta);
    }
    // Copies of backups a restart (or a restored snapshot) interrupted go on from their cursor.
    for (const row of this.backups.creatingBackups.all()) {
      const meta = JSON.parse(row.meta) as { source: TableMeta; copy?: CopyProgress };
      this.backupCopies.start(row.id, meta.source.id, meta.copy);
    }
    resumeFills({ store: this.store, clock: this.clock }, this);
    this.store.txn(() => failInterruptedTasks(this, this.clock.now()));
  }

  armDeletion(accountId: string, region: string, meta: TableMeta): void {
    this.clock.setTimer(meta.deletingUntil!, () => {
      this.store.txn(() => this.sql.deleteTable.run(meta.id));
      this.forgetTable(accountId, region, meta.name);
    });
  }

  table(accountId: string, region: string, name: string): TableMeta | undefined {
    const cached = this.tables.get(accountId)?.get(region)?.get(name);
    if (cached !== undefined) return cached;
    const row = this.sql.getTable.get(accountId, region, name);
    const meta = row ? (JSON.parse(row.meta) as TableMeta) : undefined;
    if (meta) this.cacheTable(accountId, region, meta);
    return meta;
  }

  /** Persists a table description (inside the caller's transaction) and caches it. */
  saveTable(accountId: string, region: string, meta: TableMeta, isNew = false): void {
    if (isNew) this.sql.insertTable.run(accountId, region, meta.name, meta.id, JSON.stringify(meta));
    else this.sql.updateTable.run(JSON.stringify(meta), meta.id);
    this.cacheTable(accountId, region, meta);
  }

  private cacheTable(accountId: string, region: string, meta: TableMeta): void {
    let regions = this.tables.get(accountId);
    if (!regions) this.tables.set(accountId, (regions = new Map()));
    let names = regions.get(region);
    if (!names) regions.set(region, (names = new Map()));
    names.set(meta.name, meta);
  }

  forgetTable(accountId: string, region: string, name: string): void {
    this.tables.get(accountId)?.get(region)?.delete(name);
  }

  /** Stream-style sequence numbers: increasing across restarts (seeded from the clock). */
  nextSequenceNumber(): string {
    this.seq += 1n;
    return this.seq.toString().padStart(21, "0");
  }
}

function readConfig(settings: Settings): DynamoConfig {
  const raw = (settings.config.dynamodb ?? {}) as Partial<DynamoConfig>;
  return {
    tableStatusDelayMs: typeof raw.tableStatusDelayMs === "number" ? raw.tableStatusDelayMs : 0,
    enforceThroughput: raw.enforceThroughput === true,
    itemCollectionSizeLimitBytes: typeof raw.itemCollectionSizeLimitBytes === "number" && raw.itemCollectionSizeLimitBytes > 0 ? raw.itemCollectionSizeLimitBytes : 10 * 1024 ** 3,
    transactionWindowMs: typeof raw.transactionWindowMs === "number" && raw.transactionWindowMs > 0 ? raw.transactionWindowMs : 0,
    bulkChunkItems: typeof raw.bulkChunkItems === "number" && raw.bulkChunkItems >= 1 ? Math.floor(raw.bulkChunkItems) : 5000,
    bulkChunkDelayMs: typeof raw.bulkChunkDelayMs === "number" && raw.bulkChunkDelayMs > 0 ? raw.bulkChunkDelayMs : 0,
  };
}

export const { service: dynamoService, operation: dynamoOperation } = serviceWithState<DynamoState>();

export function createState(env: ServiceEnv): DynamoState {
  return new DynamoState(env.store, env.settings, env.clock);
}
