/** Finding tables for a request and describing them as DescribeTable does. */
import type { RequestContext } from "../core/context.js";
import { parseArn } from "../core/arn.js";
import { resourceInUse, resourceNotFound, tableNotFound, validation } from "./errors.js";
import { replicasDescription } from "./global-tables.js";
import type { DynamoState } from "./state.js";
import type { IndexMeta, TableMeta } from "./table-meta.js";
import { Constraints } from "./validation.js";

/** TableName may be a name or (as AWS now allows) the table's ARN. */
export function tableNameOf(raw: string): string {
  if (!raw.startsWith("arn:")) return raw;
  const arn = parseArn(raw);
  return arn?.resource.startsWith("table/") ? arn.resource.slice(6) : raw;
}

export function checkTableName(name: unknown): string {
  const c = new Constraints();
  c.tableName(name);
  c.throwIfAny();
  return tableNameOf(name as string);
}

/** The table of a data-plane request ("Requested resource not found" when absent or not yet ACTIVE). */
export function dataTable(ctx: RequestContext, st: DynamoState, name: unknown): TableMeta {
  const table = typeof name === "string" && name.length >= 3 ? st.table(ctx.accountId, ctx.region, tableNameOf(name)) : undefined;
  if (table && table.readyAt <= ctx.clock.now() && table.deletingUntil === undefined) return table;
  checkTableName(name);
  throw resourceNotFound();
}

const PROGRESS: Record<string, string> = { CREATING: "created", UPDATING: "updated", DELETING: "deleted" };

/** ResourceInUseException for a change to a table that is not ACTIVE. */
export function requireActive(table: TableMeta, now: number): void {
  const status = tableStatus(table, now);
  if (status !== "ACTIVE") throw resourceInUse(`Attempt to change a resource which is still in use: Table is being ${PROGRESS[status]}: ${table.name}`);
}

/** A GSI added by UpdateTable cannot be read until its backfill is done. */
export function checkIndexReadable(ctx: RequestContext, index: IndexMeta | undefined): void {
  if (index?.kind === "GSI" && ctx.clock.now() < index.readyAt) throw validation(`Cannot read from backfilling global secondary index: ${index.name}`);
}

/** The table of a control-plane request ("Requested resource not found: Table: x not found"). */
export function controlTable(ctx: RequestContext, st: DynamoState, name: unknown): TableMeta {
  const n = checkTableName(name);
  const table = st.table(ctx.accountId, ctx.region, n);
  if (!table) throw tableNotFound(n);
  return table;
}

export function tableStatus(table: TableMeta, now: number): string {
  if (table.deletingUntil !== undefined) return "DELETING";
  if (now < table.readyAt) return "CREATING";
  if (table.updatingUntil !== undefined && now < table.updatingUntil) return "UPDATING";
  return "ACTIVE";
}

const epoch = (ms: number): Date => new Date(ms);

function throughputWire(table: TableMeta, t: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: table.billingMode === "PAY_PER_REQUEST" ? 0 : (t?.ReadCapacityUnits ?? 0),
    WriteCapacityUnits: table.billingMode === "PAY_PER_REQUEST" ? 0 : (t?.WriteCapacityUnits ?? 0),
  };
  return out;
}

function describeIndex(st: DynamoState, table: TableMeta, index: IndexMeta, now: number, settled: boolean, justCreated: ReadonlySet<string>): Record<string, unknown> {
  const stats = st.sql.indexStats.get(table.id, index.id);
  const out: Record<string, unknown> = {
    IndexName: index.name,
    KeySchema: index.keySchema,
    Projection: index.projection,
    IndexSizeBytes: stats?.bytes ?? 0,
    ItemCount: stats?.n ?? 0,
    IndexArn: `${table.arn}/index/${index.name}`,
  };
  if (index.kind === "GSI") {
    const creating = !settled || now < index.readyAt || justCreated.has(index.name);
    out.IndexStatus = creating ? "CREATING" : "ACTIVE";
    if (creating && (justCreated.has(index.name) || index.createdAt > table.createdAt)) out.Backfilling = true;
    out.ProvisionedThroughput = throughputWire(table, index.throughput);
  }
  return out;
}

/** The full TableDescription; `status` overrides the computed one (CreateTable answers CREATING). */
export function describeTable(ctx: RequestContext, st: DynamoState, table: TableMeta, status?: string, justCreated: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const now = ctx.clock.now();
  const tableStatusNow = status ?? tableStatus(table, now);
  const stats = st.sql.tableStats.get(table.id);
  const out: Record<string, unknown> = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: table.keySchema,
    TableStatus: tableStatusNow,
    CreationDateTime: epoch(table.createdAt),
    ProvisionedThroughput: {
      ...throughputWire(table, table.throughput),
      ...(table.lastIncreaseAt ? { LastIncreaseDateTime: epoch(table.lastIncreaseAt) } : {}),
      ...(table.lastDecreaseAt ? { LastDecreaseDateTime: epoch(table.lastDecreaseAt) } : {}),
    },
    TableSizeBytes: stats?.bytes ?? 0,
    ItemCount: stats?.n ?? 0,
    TableArn: table.arn,
    TableId: table.tableId,
    DeletionProtectionEnabled: table.deletionProtection,
  };
  if (table.billingMode === "PAY_PER_REQUEST" || table.billingModeChangedAt) {
    out.BillingModeSummary = {
      BillingMode: table.billingMode,
      ...(table.billingMode === "PAY_PER_REQUEST" ? { LastUpdateToPayPerRequestDateTime: epoch(table.billingModeChangedAt ?? table.createdAt) } : {}),
    };
  }
  const settled = tableStatusNow !== "CREATING";
  const lsis = table.indexes.filter((i) => i.kind === "LSI");
  const gsis = table.indexes.filter((i) => i.kind === "GSI");
  if (lsis.length) out.LocalSecondaryIndexes = lsis.map((i) => describeIndex(st, table, i, now, settled, justCreated));
  if (gsis.length) out.GlobalSecondaryIndexes = gsis.map((i) => describeIndex(st, table, i, now, settled, justCreated));
  if (table.stream?.StreamEnabled) {
    out.StreamSpecification = table.stream;
    out.LatestStreamLabel = table.streamLabel;
    out.LatestStreamArn = `${table.arn}/stream/${table.streamLabel}`;
  }
  if (table.sse?.Enabled) {
    out.SSEDescription = {
      Status: "ENABLED",
      SSEType: table.sse.SSEType ?? "KMS",
      KMSMasterKeyArn: table.sse.KMSMasterKeyId ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/aws/dynamodb`,
    };
  }
  if (table.tableClass !== "STANDARD") out.TableClassSummary = { TableClass: table.tableClass };
  Object.assign(out, replicasDescription(table));
  if (table.restoreSummary) {
    const { RestoreDateTime, ...source } = table.restoreSummary;
    out.RestoreSummary = { ...source, RestoreDateTime: epoch(RestoreDateTime), RestoreInProgress: tableStatusNow === "CREATING" };
  }
  return out;
}
