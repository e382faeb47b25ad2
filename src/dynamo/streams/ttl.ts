/**
 * Time to live: a durable job (`ttl-sweep`, on the clock) deletes items whose TTL attribute — a
 * Number of epoch seconds — is in the past, through the same write path as DeleteItem (indexes,
 * point-in-time history, stream records), each a REMOVE whose userIdentity is the DynamoDB
 * service. Items whose attribute is not a Number, or more than five years in the past, are never
 * deleted, as AWS documents; expired items not yet swept are still read, as on AWS.
 *
 * The sweep runs every `dynamodb.ttlSweepIntervalSeconds` (default 60: items go within a minute
 * of expiry; AWS takes up to a few days) while some table has TTL enabled.
 */
import type { RequestContext } from "../../core/context.js";
import { serviceContext } from "../../core/service-context.js";
import type { ServiceEnv } from "../../core/service.js";
import type { Item } from "../attribute-value.js";
import { keyAttributes, keyFromItem } from "../keys.js";
import type { DynamoState } from "../state.js";
import type { StreamsState } from "./state.js";
import type { TableMeta } from "../table-meta.js";
import { commitWrite, publishChanges, StoredItem } from "../writes.js";
import { markServiceContext } from "./records.js";
import { dynamoStateFor } from "./reader.js";

const JOB = "ttl-sweep";
const FIVE_YEARS_S = 5 * 365 * 86_400;
const BATCH = 500;

interface ExpiredRow {
  item: string;
  size: number;
}

export class TtlSweeper {
  private readonly contexts = new Map<string, RequestContext>();

  constructor(private readonly env: ServiceEnv) {}

  get intervalMs(): number {
    const raw = (this.env.settings.config.dynamodb as { ttlSweepIntervalSeconds?: unknown } | undefined)?.ttlSweepIntervalSeconds;
    return typeof raw === "number" && raw > 0 ? raw * 1000 : 60_000;
  }

  start(): void {
    this.env.jobs.handle(JOB, () => this.run());
    this.ensure();
  }

  /** Schedules the next sweep if some table has TTL enabled and none is scheduled. */
  ensure(): void {
    if (!this.env.store.raw.open || this.env.jobs.pending(JOB).length > 0) return;
    if (this.ttlTables().length === 0) return;
    this.env.jobs.schedule(JOB, {}, { delayMs: this.intervalMs, key: "sweep" });
  }

  private ttlTables(): { account: string; region: string; table: TableMeta }[] {
    if (this.env.store.tablesWithPrefix("ddb_tables").length === 0) return [];
    const rows = this.env.store.stmt<{ account: string; region: string; meta: string }>("SELECT account, region, meta FROM ddb_tables").all();
    return rows.map((r) => ({ account: r.account, region: r.region, table: JSON.parse(r.meta) as TableMeta })).filter((t) => t.table.ttl?.Enabled && t.table.deletingUntil === undefined);
  }

  private run(): void {
    const st = dynamoStateFor(this.env.ports);
    const tables = this.ttlTables();
    if (st) for (const t of tables) this.sweepTable(st, t.account, t.region, t.table.name);
    // The running job is deleted when this returns; a job under the same key replaces it first.
    if (tables.length > 0) this.env.jobs.schedule(JOB, {}, { delayMs: this.intervalMs, key: "sweep" });
  }

  /** Deletes the table's expired items; returns how many. */
  sweepTable(st: DynamoState, account: string, region: string, name: string): number {
    const table = st.table(account, region, name);
    const attr = table?.ttl?.Enabled ? table.ttl.AttributeName : undefined;
    if (!table || !attr || attr.includes('"')) return 0;
    const now = Math.floor(this.env.clock.now() / 1000);
    const path = `$."${attr}".N`;
    const select = this.env.store.stmt<ExpiredRow>(
      `SELECT item, size FROM ddb_items WHERE tid = ? AND json_extract(item, ?) IS NOT NULL
         AND CAST(json_extract(item, ?) AS REAL) <= ? AND CAST(json_extract(item, ?) AS REAL) >= ? LIMIT ${BATCH}`,
    );
    const ctx = this.contextFor(account, region);
    let removed = 0;
    for (let round = 0; round < 1000; round++) {
      const rows = select.all(table.id, path, path, now, path, now - FIVE_YEARS_S);
      if (rows.length === 0) break;
      const changes = this.env.store.txn(() =>
        rows.map((row) => {
          const item = JSON.parse(row.item) as Item;
          return commitWrite(ctx, st, table, keyFromItem(table, item), keyAttributes(table, item), new StoredItem(row.item, row.size), undefined, 0, undefined);
        }),
      );
      publishChanges(ctx, changes);
      removed += rows.length;
      if (rows.length < BATCH) break;
    }
    return removed;
  }

  private contextFor(accountId: string, region: string): RequestContext {
    const k = `${accountId}\u0000${region}`;
    let ctx = this.contexts.get(k);
    if (!ctx) {
      ctx = serviceContext(this.env, accountId, region, "TimeToLiveSweep");
      markServiceContext(ctx);
      this.contexts.set(k, ctx);
    }
    return ctx;
  }
}


/**
 * Called when TTL is enabled on a table: schedules the sweeps (loading the streams service first if
 * needed). UpdateTimeToLive answers after this resolves, so an acknowledged change has its job.
 */
export async function ttlEnabled(ctx: RequestContext): Promise<void> {
  if (!ctx.ports.stateOf("dynamodbstreams")) await ctx.ports.get("StreamReader");
  (ctx.ports.stateOf("dynamodbstreams") as StreamsState | undefined)?.sweeper.ensure();
}
