/**
 * Point-in-time recovery. With PITR on, every committed item version is kept (writes.ts appends
 * it in the write's transaction), so a restore rebuilds the table exactly as it was at any
 * millisecond of the window — AWS documents second granularity; exact is better for tests.
 */
import type { ContinuousBackupsDescription } from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import type { DynamoState } from "./state.js";
import type { TableMeta } from "./table-meta.js";

const DAY_MS = 86_400_000;
/** AWS's LatestRestorableDateTime trails the present by about five minutes. */
export const LATEST_LAG_MS = 5 * 60_000;

export interface RestoreWindow {
  earliest: number;
  latest: number;
}

export function restoreWindow(table: TableMeta, now: number): RestoreWindow | undefined {
  if (!table.pitr) return undefined;
  const earliest = Math.max(table.pitr.enabledAt, now - table.pitr.recoveryPeriodInDays * DAY_MS);
  return { earliest, latest: Math.max(earliest, now - LATEST_LAG_MS) };
}

/** When each table's history was last pruned (the window's start then): a prune reads the whole history. */
const prunedAt = new WeakMap<DynamoState, Map<number, number>>();
/** A window that moved less than this since the last prune is not pruned again. */
const PRUNE_EVERY_MS = 60 * 60_000;

/** Drops versions older than the window's start, keeping the one in force at the start. */
export function pruneHistory(ctx: RequestContext, st: DynamoState, table: TableMeta): void {
  const window = restoreWindow(table, ctx.clock.now());
  // Until the window's start passes the moment PITR was turned on, no version is older than it.
  if (!window || window.earliest <= table.pitr!.enabledAt) return;
  let last = prunedAt.get(st);
  if (!last) prunedAt.set(st, (last = new Map()));
  const before = last.get(table.id);
  if (before !== undefined && before <= window.earliest && window.earliest - before < PRUNE_EVERY_MS) return;
  last.set(table.id, window.earliest);
  ctx.store.txn(() => st.backups.pruneHistory.run(table.id, window.earliest, window.earliest));
}

export function setPitr(ctx: RequestContext, st: DynamoState, table: TableMeta, enabled: boolean, recoveryPeriodInDays: number | undefined): void {
  const now = ctx.clock.now();
  ctx.store.txn(() => {
    if (enabled && !table.pitr) {
      table.pitr = { enabledAt: now, recoveryPeriodInDays: recoveryPeriodInDays ?? 35 };
      st.backups.baseHistory.run(now, table.id);
    } else if (enabled && table.pitr) {
      table.pitr = { ...table.pitr, recoveryPeriodInDays: recoveryPeriodInDays ?? table.pitr.recoveryPeriodInDays };
    } else if (!enabled && table.pitr) {
      table.pitr = undefined;
      st.backups.dropHistory.run(table.id);
    }
    st.saveTable(ctx.accountId, ctx.region, table);
  });
}

export function continuousBackupsDescription(table: TableMeta, now: number): ContinuousBackupsDescription {
  const window = restoreWindow(table, now);
  return {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription: window
      ? {
          PointInTimeRecoveryStatus: "ENABLED",
          RecoveryPeriodInDays: table.pitr!.recoveryPeriodInDays,
          EarliestRestorableDateTime: new Date(window.earliest),
          LatestRestorableDateTime: new Date(window.latest),
        }
      : { PointInTimeRecoveryStatus: "DISABLED" },
  };
}

export function pitrUnavailable(name: string): AwsError {
  return new AwsError("PointInTimeRecoveryUnavailableException", `Point in time recovery is not enabled for table '${name}'`);
}

export function invalidRestoreTime(window: RestoreWindow): AwsError {
  return new AwsError(
    "InvalidRestoreTimeException",
    `Only RestoreDateTime between ${new Date(window.earliest).toISOString()} and ${new Date(window.latest).toISOString()} can be used.`,
  );
}

/** A timestamp member as the codec hands it over (Date, epoch seconds, or ISO text) in ms. */
export function toMillis(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return Math.round(v * 1000);
  if (typeof v === "string" && v !== "") return Number.isNaN(Number(v)) ? Date.parse(v) : Math.round(Number(v) * 1000);
  return undefined;
}
