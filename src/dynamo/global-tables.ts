/**
 * Global tables, version 2019.11.21: UpdateTable's ReplicaUpdates create and delete replicas of a
 * table in other regions of this emulator. A replica gets the table's schema, indexes and current
 * items; from then on replication.ts carries every committed write between the replicas.
 */
import type { RequestContext } from "../core/context.js";
import { callOperation } from "./call-operation.js";
import { validation } from "./errors.js";
import { backfill } from "./index-backfill.js";
import { createTable } from "./operations/create-table.js";
import { deleteTable } from "./operations/delete-table.js";
import type { DynamoState } from "./state.js";
import type { IndexMeta, TableMeta } from "./table-meta.js";
import { describeTable } from "./tables.js";

/** A replica's own settings (Create and Update take them; the rest of the table is shared). */
export interface ReplicaSettings {
  KMSMasterKeyId?: string;
  ProvisionedThroughputOverride?: { ReadCapacityUnits?: number };
  OnDemandThroughputOverride?: { MaxReadRequestUnits?: number };
  GlobalSecondaryIndexes?: { IndexName?: string; ProvisionedThroughputOverride?: { ReadCapacityUnits?: number }; OnDemandThroughputOverride?: { MaxReadRequestUnits?: number } }[];
  TableClassOverride?: string;
}

export interface ReplicaUpdate {
  Create?: { RegionName?: string } & ReplicaSettings;
  Update?: { RegionName?: string } & ReplicaSettings;
  Delete?: { RegionName?: string };
}

/** The settings a replica update sets (absent members keep their value), merged into `before`. */
function mergeSettings(table: TableMeta, before: ReplicaSettings | undefined, given: ReplicaSettings): ReplicaSettings {
  const out: ReplicaSettings = { ...before };
  if (given.KMSMasterKeyId !== undefined) out.KMSMasterKeyId = given.KMSMasterKeyId;
  if (given.ProvisionedThroughputOverride !== undefined) out.ProvisionedThroughputOverride = given.ProvisionedThroughputOverride;
  if (given.OnDemandThroughputOverride !== undefined) out.OnDemandThroughputOverride = given.OnDemandThroughputOverride;
  if (given.TableClassOverride !== undefined) out.TableClassOverride = given.TableClassOverride;
  for (const g of given.GlobalSecondaryIndexes ?? []) {
    const index = table.indexes.find((i) => i.kind === "GSI" && i.name === g.IndexName);
    if (!index) throw validation(`The global secondary index ${String(g.IndexName)} does not exist on table ${table.name}`);
    const others = (out.GlobalSecondaryIndexes ?? []).filter((o) => o.IndexName !== g.IndexName);
    const previous = out.GlobalSecondaryIndexes?.find((o) => o.IndexName === g.IndexName);
    out.GlobalSecondaryIndexes = [...others, { ...previous, ...g }];
  }
  return out;
}

/** Makes the replica table in its region what its settings say (capacity, class, key). */
function applySettings(replica: TableMeta, settings: ReplicaSettings): void {
  const reads = settings.ProvisionedThroughputOverride?.ReadCapacityUnits;
  if (reads !== undefined && replica.billingMode === "PROVISIONED") replica.throughput = { ...replica.throughput, ReadCapacityUnits: reads };
  if (settings.TableClassOverride !== undefined) replica.tableClass = settings.TableClassOverride;
  if (settings.KMSMasterKeyId !== undefined) replica.sse = { Enabled: true, SSEType: "KMS", KMSMasterKeyId: settings.KMSMasterKeyId };
  for (const g of settings.GlobalSecondaryIndexes ?? []) {
    const index = replica.indexes.find((i) => i.name === g.IndexName);
    const gsiReads = g.ProvisionedThroughputOverride?.ReadCapacityUnits;
    if (index?.throughput && gsiReads !== undefined) index.throughput = { ...index.throughput, ReadCapacityUnits: gsiReads };
  }
}

function inRegion(ctx: RequestContext, region: string): RequestContext {
  return { ...ctx, region };
}

function indexInput(i: IndexMeta, provisioned: boolean): Record<string, unknown> {
  return { IndexName: i.name, KeySchema: i.keySchema, Projection: i.projection, ...(provisioned && i.kind === "GSI" && i.throughput ? { ProvisionedThroughput: i.throughput } : {}) };
}

/** Every member table of the group (this one included), each with its region. */
function members(ctx: RequestContext, st: DynamoState, table: TableMeta, regions: string[]): { region: string; table: TableMeta }[] {
  return regions.flatMap((region) => {
    const t = region === ctx.region ? table : st.table(ctx.accountId, region, table.name);
    return t ? [{ region, table: t }] : [];
  });
}

function saveGroup(ctx: RequestContext, st: DynamoState, table: TableMeta, regions: string[], settings: Record<string, ReplicaSettings>): void {
  const kept = Object.fromEntries(Object.entries(settings).filter(([region]) => regions.includes(region)));
  for (const m of members(ctx, st, table, regions)) {
    const others = regions.filter((r) => r !== m.region);
    m.table.replicaRegions = others.length ? others : undefined;
    m.table.replicaSettings = others.length && Object.keys(kept).length ? kept : undefined;
    if (kept[m.region]) applySettings(m.table, kept[m.region]!);
    st.saveTable(ctx.accountId, m.region, m.table);
  }
}

async function createReplica(ctx: RequestContext, st: DynamoState, table: TableMeta, region: string): Promise<void> {
  if (table.replicaRegions?.includes(region)) throw validation(`Failed to create a the new replica of table with name: '${table.name}' because one or more replicas already existed as tables.`);
  const there = inRegion(ctx, region);
  if (st.table(ctx.accountId, region, table.name)) throw validation(`Failed to create a the new replica of table with name: '${table.name}' because one or more replicas already existed as tables.`);
  const provisioned = table.billingMode === "PROVISIONED";
  const gsis = table.indexes.filter((i) => i.kind === "GSI").map((i) => indexInput(i, provisioned));
  const lsis = table.indexes.filter((i) => i.kind === "LSI").map((i) => indexInput(i, false));
  await callOperation(
    st,
    createTable,
    {
      TableName: table.name,
      KeySchema: table.keySchema,
      AttributeDefinitions: table.attributeDefinitions,
      BillingMode: table.billingMode,
      ...(provisioned ? { ProvisionedThroughput: table.throughput } : {}),
      ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
      ...(lsis.length ? { LocalSecondaryIndexes: lsis } : {}),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    },
    there,
  );
  const replica = st.table(ctx.accountId, region, table.name)!;
  ctx.store.txn(() => {
    st.backups.copyTableItems.run(replica.id, table.id);
    for (const index of replica.indexes) backfill(st, replica, index);
  });
}

/** UpdateTable with ReplicaUpdates (AWS allows no other change in the same call). */
export async function updateReplicas(ctx: RequestContext, st: DynamoState, table: TableMeta, updates: ReplicaUpdate[]): Promise<Record<string, unknown>> {
  let regions = [ctx.region, ...(table.replicaRegions ?? [])];
  const settings: Record<string, ReplicaSettings> = { ...table.replicaSettings };
  // AWS turns on a NEW_AND_OLD_IMAGES stream itself when the table has none.
  if (!table.stream?.StreamEnabled && updates.some((u) => u.Create)) {
    table.stream = { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" };
    table.streamLabel = new Date(ctx.clock.now()).toISOString().replace("Z", "");
  } else if (table.stream?.StreamEnabled && table.stream.StreamViewType !== "NEW_AND_OLD_IMAGES" && updates.some((u) => u.Create)) {
    throw validation("A global table requires DynamoDB Streams to be enabled with the NEW_AND_OLD_IMAGES stream view type");
  }
  for (const u of updates) {
    const region = (u.Create ?? u.Update ?? u.Delete)?.RegionName;
    if (!region) throw validation("One or more parameter values were invalid: RegionName must be specified for each replica update");
    if (region === ctx.region) throw validation("Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.");
    if (u.Create) {
      const given = mergeSettings(table, undefined, u.Create);
      await createReplica(ctx, st, table, region);
      regions = [...regions, region];
      if (Object.keys(given).length) settings[region] = given;
    } else if (u.Update) {
      if (!regions.includes(region)) throw validation(`Replica specified in the Replica Update or Replica Delete action of the request was not found: ${region}`);
      settings[region] = mergeSettings(table, settings[region], u.Update);
    } else if (u.Delete) {
      if (!regions.includes(region) || region === ctx.region) throw validation(`Replica specified in the Replica Update or Replica Delete action of the request was not found: ${region}`);
      regions = regions.filter((r) => r !== region);
      const replica = st.table(ctx.accountId, region, table.name);
      if (replica) {
        replica.replicaRegions = undefined;
        st.saveTable(ctx.accountId, region, replica);
        await callOperation(st, deleteTable, { TableName: table.name }, inRegion(ctx, region));
      }
    }
  }
  ctx.store.txn(() => saveGroup(ctx, st, table, regions, settings));
  return describeTable(ctx, st, table, "UPDATING");
}

export function replicasDescription(table: TableMeta): Record<string, unknown> {
  if (table.legacyGlobal) return { GlobalTableVersion: "2017.11.29" };
  if (!table.replicaRegions) return {};
  return { GlobalTableVersion: "2019.11.21", Replicas: table.replicaRegions.map((RegionName) => replicaDescription(RegionName, table.replicaSettings?.[RegionName])) };
}

function replicaDescription(RegionName: string, s: ReplicaSettings | undefined): Record<string, unknown> {
  return {
    RegionName,
    ReplicaStatus: "ACTIVE",
    ...(s?.KMSMasterKeyId !== undefined ? { KMSMasterKeyId: s.KMSMasterKeyId } : {}),
    ...(s?.ProvisionedThroughputOverride ? { ProvisionedThroughputOverride: s.ProvisionedThroughputOverride } : {}),
    ...(s?.OnDemandThroughputOverride ? { OnDemandThroughputOverride: s.OnDemandThroughputOverride } : {}),
    ...(s?.GlobalSecondaryIndexes?.length ? { GlobalSecondaryIndexes: s.GlobalSecondaryIndexes } : {}),
    ...(s?.TableClassOverride !== undefined ? { ReplicaTableClassSummary: { TableClass: s.TableClassOverride } } : {}),
  };
}
