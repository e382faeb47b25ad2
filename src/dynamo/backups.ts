/**
 * On-demand backups and restores. A backup records the table's description and copies its items
 * in chunks between requests without holding writes back (backup-copy.ts): CREATING until the
 * copy is done, then AVAILABLE, as on AWS. A restore creates the target table through CreateTable
 * (so every check applies) and fills it, with its indexes, in chunks: CREATING until then
 * (restore-fill.ts).
 */
import type { BackupDetails } from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import { randomBytes } from "node:crypto";
import { callOperation } from "./call-operation.js";
import { createTable } from "./operations/create-table.js";
import type { BackupRow } from "./backup-store.js";
import type { DynamoState } from "./state.js";
import type { IndexMeta, TableMeta } from "./table-meta.js";
import { describeTable } from "./tables.js";
import { startFill, type FillSource } from "./restore-fill.js";

export interface BackupMeta {
  name: string;
  /** Absent in backups stored before copies ran in the background: AVAILABLE. */
  status?: "CREATING" | "AVAILABLE";
  /** SYSTEM: kept by DeleteTable of a table with PITR on (absent: USER). */
  type?: "SYSTEM";
  /** SYSTEM backups expire after 35 days. */
  expiresAt?: number;
  sizeBytes: number;
  itemCount: number;
  /** The source table as it was when the backup was taken. */
  source: TableMeta;
}

export function backupNotFound(arn: string): AwsError {
  return new AwsError("BackupNotFoundException", `Backup not found: ${arn}`);
}

export function tableNotFound(name: string): AwsError {
  return new AwsError("TableNotFoundException", `Table not found: ${name}`);
}

export function tableAlreadyExists(name: string): AwsError {
  return new AwsError("TableAlreadyExistsException", `Table already exists: ${name}`);
}

/** `arn:aws:dynamodb:<region>:<account>:table/<table>/backup/<ms, 17 digits>-<8 hex>`, as AWS forms them. */
function backupArn(table: TableMeta, now: number): string {
  return `${table.arn}/backup/${String(now).padStart(17, "0")}-${randomBytes(4).toString("hex")}`;
}

export function createBackup(ctx: RequestContext, st: DynamoState, table: TableMeta, name: string, type: "USER" | "SYSTEM" = "USER"): BackupRow {
  const now = ctx.clock.now();
  const row = ctx.store.txn(() => {
    const id = (st.backups.maxBackupId.get()?.id ?? 0) + 1;
    const meta: BackupMeta = { name, status: "CREATING", sizeBytes: 0, itemCount: 0, source: table, ...(type === "SYSTEM" ? { type, expiresAt: now + SYSTEM_BACKUP_DAYS * DAY_MS } : {}) };
    const row = { id, arn: backupArn(table, now), table_name: table.name, created: now, meta: JSON.stringify(meta) };
    st.backups.insertBackup.run(id, ctx.accountId, ctx.region, row.arn, table.name, now, row.meta);
    return row;
  });
  // The first chunk runs now; a larger table's copy goes on between the next requests.
  st.backupCopies.start(row.id, table.id, undefined, (work) => void ctx.bus.track(work));
  return row;
}

const DAY_MS = 86_400_000;
const SYSTEM_BACKUP_DAYS = 35;

/**
 * DeleteTable of a table with PITR on: AWS keeps a SYSTEM backup, `<table>$DeletedTableBackup`, of
 * the table just before the deletion for 35 days (a deleted table restores to that moment only).
 * The table's PITR history goes with the table.
 */
export function systemBackupBeforeDelete(ctx: RequestContext, st: DynamoState, table: TableMeta): void {
  if (!table.pitr) return;
  createBackup(ctx, st, table, `${table.name}$DeletedTableBackup`, "SYSTEM");
  st.backupCopies.finishNow(table.id);
  ctx.store.txn(() => st.backups.dropHistory.run(table.id));
}

/** A SYSTEM backup past its 35 days is gone. */
export function backupExpired(meta: BackupMeta, now: number): boolean {
  return meta.expiresAt !== undefined && meta.expiresAt <= now;
}

export function backupStatus(meta: BackupMeta): "CREATING" | "AVAILABLE" {
  return meta.status ?? "AVAILABLE";
}

export function backupInUse(): AwsError {
  return new AwsError("BackupInUseException", "There is another ongoing conflicting backup control plane operation on the table. The backup is either being created, deleted or restored to a table.");
}

export function findBackup(ctx: RequestContext, st: DynamoState, arn: unknown): { row: BackupRow; meta: BackupMeta } {
  const row = typeof arn === "string" ? st.backups.getBackup.get(ctx.accountId, ctx.region, arn) : undefined;
  const meta = row ? (JSON.parse(row.meta) as BackupMeta) : undefined;
  if (!row || !meta || backupExpired(meta, ctx.clock.now())) throw backupNotFound(String(arn));
  return { row, meta };
}

export function backupDetails(row: BackupRow, meta: BackupMeta, status: BackupDetails["BackupStatus"] = backupStatus(meta)): BackupDetails {
  return {
    BackupArn: row.arn,
    BackupName: meta.name,
    BackupSizeBytes: meta.sizeBytes,
    BackupStatus: status,
    BackupType: meta.type ?? "USER",
    BackupCreationDateTime: new Date(row.created),
    ...(meta.expiresAt !== undefined ? { BackupExpiryDateTime: new Date(meta.expiresAt) } : {}),
  };
}

function indexInput(i: IndexMeta, provisioned: boolean): Record<string, unknown> {
  return {
    IndexName: i.name,
    KeySchema: i.keySchema,
    Projection: i.projection,
    ...(provisioned && i.kind === "GSI" && i.throughput ? { ProvisionedThroughput: i.throughput } : {}),
  };
}

export function backupDescription(row: BackupRow, meta: BackupMeta, status: BackupDetails["BackupStatus"] = backupStatus(meta)): Record<string, unknown> {
  const t = meta.source;
  const provisioned = t.billingMode === "PROVISIONED";
  const lsis = t.indexes.filter((i) => i.kind === "LSI");
  const gsis = t.indexes.filter((i) => i.kind === "GSI");
  return {
    BackupDetails: backupDetails(row, meta, status),
    SourceTableDetails: {
      TableName: t.name,
      TableId: t.tableId,
      TableArn: t.arn,
      TableSizeBytes: meta.sizeBytes,
      KeySchema: t.keySchema,
      TableCreationDateTime: new Date(t.createdAt),
      ProvisionedThroughput: provisioned ? t.throughput : { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ItemCount: meta.itemCount,
      BillingMode: t.billingMode,
    },
    SourceTableFeatureDetails: {
      ...(lsis.length ? { LocalSecondaryIndexes: lsis.map((i) => indexInput(i, false)) } : {}),
      ...(gsis.length ? { GlobalSecondaryIndexes: gsis.map((i) => indexInput(i, provisioned)) } : {}),
      ...(t.sse?.Enabled ? { SSEDescription: { Status: "ENABLED", SSEType: t.sse.SSEType ?? "KMS" } } : {}),
    },
  };
}

export interface RestoreOverrides {
  BillingModeOverride?: string;
  ProvisionedThroughputOverride?: unknown;
  GlobalSecondaryIndexOverride?: unknown[];
  LocalSecondaryIndexOverride?: unknown[];
  SSESpecificationOverride?: unknown;
}

/**
 * Creates `target` with the source's schema (and the overrides) and fills it from `source`, with
 * its indexes: the first chunk now, the others between later requests; the table is CREATING
 * (no reads or writes) until the last. Answers its TableDescription.
 */
export async function restoreTable(
  ctx: RequestContext,
  st: DynamoState,
  source: TableMeta,
  target: string,
  overrides: RestoreOverrides,
  summary: NonNullable<TableMeta["restoreSummary"]>,
  fill: FillSource,
): Promise<Record<string, unknown>> {
  if (st.table(ctx.accountId, ctx.region, target)) throw tableAlreadyExists(target);
  const billing = overrides.BillingModeOverride ?? source.billingMode;
  const provisioned = billing === "PROVISIONED";
  const gsis = (overrides.GlobalSecondaryIndexOverride ?? source.indexes.filter((i) => i.kind === "GSI").map((i) => indexInput(i, provisioned))) as { KeySchema: { AttributeName: string }[] }[];
  const lsis = (overrides.LocalSecondaryIndexOverride ?? source.indexes.filter((i) => i.kind === "LSI").map((i) => indexInput(i, false))) as { KeySchema: { AttributeName: string }[] }[];
  const used = new Set([...source.keySchema, ...gsis.flatMap((i) => i.KeySchema), ...lsis.flatMap((i) => i.KeySchema)].map((k) => k.AttributeName));
  await callOperation(
    st,
    createTable,
    {
      TableName: target,
      KeySchema: source.keySchema,
      AttributeDefinitions: source.attributeDefinitions.filter((d) => used.has(d.AttributeName)),
      BillingMode: billing,
      ...(provisioned ? { ProvisionedThroughput: overrides.ProvisionedThroughputOverride ?? source.throughput } : {}),
      ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
      ...(lsis.length ? { LocalSecondaryIndexes: lsis } : {}),
      ...(overrides.SSESpecificationOverride ? { SSESpecification: overrides.SSESpecificationOverride } : source.sse?.Enabled ? { SSESpecification: source.sse } : {}),
    },
    ctx,
  );
  const restored = st.table(ctx.accountId, ctx.region, target)!;
  restored.restoreSummary = summary;
  const description = describeTable(ctx, st, restored, "CREATING");
  startFill({ store: ctx.store, clock: ctx.clock, accountId: ctx.accountId, region: ctx.region, track: (work) => void ctx.bus.track(work) }, st, restored, fill);
  return description;
}
