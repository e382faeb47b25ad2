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

export interface ReplicaUpdate {
  Create?: { RegionName?: string };
  Update?: { RegionName?: string };
  Delete?: { RegionName?: string };
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

function saveGroup(ctx: RequestContext, st: DynamoState, table: TableMeta, regions: string[]): void {
  for (const m of members(ctx, st, table, regions)) {
    const others = regions.filter((r) => r !== m.region);
    m.table.replicaRegions = others.length ? others : undefined;
    st.saveTable(ctx.accountId, m.region, m.table);
  }
}

async function createReplica(ctx: RequestContext, st: DynamoState, table: TableMeta, region: string): Promise<void> {
  if (region === ctx.region) throw validation(`Cannot add replica in the same region as the table: ${region}`);
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
    if (u.Create) {
      await createReplica(ctx, st, table, region);
      regions = [...regions, region];
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
  ctx.store.txn(() => saveGroup(ctx, st, table, regions));
  return describeTable(ctx, st, table, "UPDATING");
}

export function replicasDescription(table: TableMeta): Record<string, unknown> {
  if (!table.replicaRegions) return {};
  return { GlobalTableVersion: "2019.11.21", Replicas: table.replicaRegions.map((RegionName) => ({ RegionName, ReplicaStatus: "ACTIVE" })) };
}
