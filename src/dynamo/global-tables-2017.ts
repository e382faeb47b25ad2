/**
 * Global tables, version 2017.11.29 (the legacy API: CreateGlobalTable, UpdateGlobalTable,
 * DescribeGlobalTable, ListGlobalTables). Unlike 2019.11.21, the tables exist beforehand: one of
 * that name in every region of the group, empty, with a NEW_AND_OLD_IMAGES stream; the API links
 * them (each member's `replicaRegions`), and replication.ts carries writes between them as for
 * the current version. Removing a region unlinks its table without deleting it.
 */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import { validation } from "./errors.js";
import type { DynamoState } from "./state.js";
import type { TableMeta } from "./table-meta.js";

export function globalTableNotFound(name: string): AwsError {
  return new AwsError("GlobalTableNotFoundException", `Global table not found: ${name}`);
}

function tableNotFoundIn(name: string, region: string): AwsError {
  return new AwsError("TableNotFoundException", `Table not found: ${name} in region ${region}`);
}

/** The group's regions as seen from this region's member, or undefined when it is no 2017.11.29 global table. */
export function groupOf(ctx: RequestContext, st: DynamoState, name: string): { table: TableMeta; regions: string[] } | undefined {
  const table = st.table(ctx.accountId, ctx.region, name);
  if (!table?.legacyGlobal || table.deletingUntil !== undefined) return undefined;
  return { table, regions: [ctx.region, ...(table.replicaRegions ?? [])].sort() };
}

/** A table that may join a group: it exists in `region`, is empty and streams NEW_AND_OLD_IMAGES. */
function joinable(ctx: RequestContext, st: DynamoState, name: string, region: string): TableMeta {
  const table = st.table(ctx.accountId, region, name);
  if (!table || table.deletingUntil !== undefined) throw tableNotFoundIn(name, region);
  if (!table.stream?.StreamEnabled || table.stream.StreamViewType !== "NEW_AND_OLD_IMAGES") {
    throw validation(`One or more parameter values were invalid: Table ${name} in region ${region} must have DynamoDB Streams enabled with the NEW_AND_OLD_IMAGES view type`);
  }
  if ((st.sql.tableStats.get(table.id)?.n ?? 0) > 0) throw validation(`One or more parameter values were invalid: Table ${name} in region ${region} must be empty to join a global table`);
  return table;
}

/** Links the tables of `regions` as one group (every member lists the others). */
function link(ctx: RequestContext, st: DynamoState, name: string, regions: string[], createdAt: number, leaving: string[] = []): void {
  ctx.store.txn(() => {
    for (const region of regions) {
      const table = st.table(ctx.accountId, region, name)!;
      const others = regions.filter((r) => r !== region);
      table.replicaRegions = others.length ? others : undefined;
      table.legacyGlobal = { createdAt };
      st.saveTable(ctx.accountId, region, table);
    }
    for (const region of leaving) {
      const table = st.table(ctx.accountId, region, name);
      if (!table) continue;
      table.replicaRegions = undefined;
      table.legacyGlobal = undefined;
      st.saveTable(ctx.accountId, region, table);
    }
  });
}

export function createGlobalTable(ctx: RequestContext, st: DynamoState, name: string, regions: string[]): void {
  for (const region of regions) {
    const existing = st.table(ctx.accountId, region, name);
    if (existing?.legacyGlobal || existing?.replicaRegions) throw new AwsError("GlobalTableAlreadyExistsException", `Global table with this name already exists: ${name}`);
  }
  // Every table must exist before any is looked at more closely.
  for (const region of regions) {
    const table = st.table(ctx.accountId, region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFoundIn(name, region);
  }
  for (const region of regions) joinable(ctx, st, name, region);
  link(ctx, st, name, regions, ctx.clock.now());
}

export function updateGlobalTable(ctx: RequestContext, st: DynamoState, name: string, updates: { Create?: { RegionName?: string }; Delete?: { RegionName?: string } }[]): void {
  const group = groupOf(ctx, st, name);
  if (!group) throw globalTableNotFound(name);
  let regions = group.regions;
  const leaving: string[] = [];
  for (const u of updates) {
    const region = (u.Create ?? u.Delete)?.RegionName;
    if (!region) throw validation("One or more parameter values were invalid: RegionName must be specified for each replica update");
    if (u.Create) {
      if (regions.includes(region)) throw new AwsError("ReplicaAlreadyExistsException", `Replica already exists in region ${region}`);
      joinable(ctx, st, name, region);
      regions = [...regions, region];
    } else {
      if (!regions.includes(region)) throw new AwsError("ReplicaNotFoundException", `Replica not found in region ${region}`);
      regions = regions.filter((r) => r !== region);
      leaving.push(region);
    }
  }
  link(ctx, st, name, regions, group.table.legacyGlobal!.createdAt, leaving);
}

export function globalTableDescription(ctx: RequestContext, st: DynamoState, name: string): Record<string, unknown> {
  const group = groupOf(ctx, st, name);
  if (!group) throw globalTableNotFound(name);
  return {
    GlobalTableName: name,
    GlobalTableArn: `arn:aws:dynamodb::${ctx.accountId}:global-table/${name}`,
    GlobalTableStatus: "ACTIVE",
    CreationDateTime: new Date(group.table.legacyGlobal!.createdAt),
    ReplicationGroup: group.regions.map((RegionName) => ({ RegionName, ReplicaStatus: "ACTIVE" })),
  };
}
