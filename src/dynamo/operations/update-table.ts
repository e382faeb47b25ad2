import type { UpdateTableInput, UpdateTableOutput } from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../core/context.js";
import { invalidParameter, limitExceeded, resourceNotFound, validation } from "../errors.js";
import { buildIndex, checkThroughput, type AttributeDefinition, type IndexInput } from "../schema.js";
import type { IndexMeta, TableMeta } from "../table-meta.js";
import { controlTable, describeTable, requireActive } from "../tables.js";
import { backfill } from "../index-backfill.js";
import { updateReplicas, type ReplicaUpdate } from "../global-tables.js";
import { dynamoOperation, type DynamoState } from "../state.js";

function usedDefinitions(table: TableMeta, defs: AttributeDefinition[]): TableMeta["attributeDefinitions"] {
  const used = new Set([table.hash.name, table.range?.name, ...table.indexes.flatMap((i) => [i.hash.name, i.range?.name])]);
  const out = new Map<string, AttributeDefinition>();
  for (const d of [...table.attributeDefinitions, ...defs]) if (used.has(d.AttributeName) && !out.has(d.AttributeName)) out.set(d.AttributeName, d);
  return [...out.values()].map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType }));
}

function applyIndexUpdates(ctx: RequestContext, st: DynamoState, table: TableMeta, input: UpdateTableInput, readyAt: number): IndexMeta[] {
  const created: IndexMeta[] = [];
  const defs = [...table.attributeDefinitions, ...((input.AttributeDefinitions ?? []) as AttributeDefinition[])];
  const changes = input.GlobalSecondaryIndexUpdates ?? [];
  if (changes.filter((u) => u.Create || u.Delete).length > 1) throw limitExceeded("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  for (const u of changes) {
    if (u.Create) {
      if (table.indexes.some((i) => i.name === u.Create!.IndexName)) throw validation(`One or more parameter values were invalid: Index with name: ${u.Create.IndexName} already exists`);
      if (table.indexes.filter((i) => i.kind === "GSI").length >= 20) throw limitExceeded("Subscriber limit exceeded: Only 20 global secondary indexes are allowed per table");
      const index = buildIndex(u.Create as IndexInput, "GSI", table.nextIndexId++, defs, table.billingMode, table.hash, ctx.clock.now());
      index.readyAt = readyAt;
      table.indexes.push(index);
      created.push(index);
    } else if (u.Delete) {
      const i = table.indexes.findIndex((x) => x.kind === "GSI" && x.name === u.Delete!.IndexName);
      if (i < 0) throw resourceNotFound(`Requested resource not found: Index: ${u.Delete.IndexName} not found`);
      st.sql.deleteIndex.run(table.id, table.indexes[i]!.id);
      table.indexes.splice(i, 1);
    } else if (u.Update) {
      const index = table.indexes.find((x) => x.kind === "GSI" && x.name === u.Update!.IndexName);
      if (!index) throw resourceNotFound(`Requested resource not found: Index: ${u.Update.IndexName} not found`);
      index.throughput = checkThroughput(u.Update.ProvisionedThroughput as IndexMeta["throughput"], table.billingMode, index.name);
    }
  }
  table.attributeDefinitions = usedDefinitions(table, defs);
  return created;
}

async function updateReplicaGroup(ctx: RequestContext, st: DynamoState, table: TableMeta, input: UpdateTableInput): Promise<UpdateTableOutput> {
  const others = [input.ProvisionedThroughput, input.BillingMode, input.StreamSpecification, input.GlobalSecondaryIndexUpdates, input.SSESpecification, input.TableClass];
  if (others.some((v) => v !== undefined)) throw validation("One or more parameter values were invalid: ReplicaUpdates cannot be combined with other table updates in one UpdateTable call");
  const description = await updateReplicas(ctx, st, table, (input.ReplicaUpdates ?? []) as ReplicaUpdate[]);
  return { TableDescription: description as UpdateTableOutput["TableDescription"] };
}

export const updateTable = dynamoOperation<UpdateTableInput, UpdateTableOutput>({
  name: "UpdateTable",
  handle(input, ctx, st) {
    const current = controlTable(ctx, st, input.TableName);
    const now = ctx.clock.now();
    requireActive(current, now);
    if (input.ReplicaUpdates !== undefined) return updateReplicaGroup(ctx, st, current, input);
    const nothing = [input.ProvisionedThroughput, input.BillingMode, input.StreamSpecification, input.GlobalSecondaryIndexUpdates, input.SSESpecification, input.ReplicaUpdates, input.TableClass, input.DeletionProtectionEnabled].every((v) => v === undefined);
    if (nothing) throw validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    const table = structuredClone(current);
    const readyAt = now + st.config.tableStatusDelayMs;
    if (input.BillingMode && input.BillingMode !== table.billingMode) {
      table.billingMode = input.BillingMode;
      table.billingModeChangedAt = now;
      table.throughput = checkThroughput(input.ProvisionedThroughput as TableMeta["throughput"] | undefined, input.BillingMode);
      for (const i of table.indexes) if (i.kind === "GSI") i.throughput = input.BillingMode === "PAY_PER_REQUEST" ? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } : (i.throughput ?? table.throughput);
    } else if (input.ProvisionedThroughput) {
      if (table.billingMode === "PAY_PER_REQUEST") throw invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      const t = checkThroughput(input.ProvisionedThroughput as TableMeta["throughput"], "PROVISIONED");
      const old = table.throughput;
      if (t.ReadCapacityUnits === old.ReadCapacityUnits && t.WriteCapacityUnits === old.WriteCapacityUnits && !input.GlobalSecondaryIndexUpdates) {
        throw validation(
          `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${old.ReadCapacityUnits}. Requested ReadCapacityUnits: ${t.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${old.WriteCapacityUnits}. Requested WriteCapacityUnits: ${t.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
        );
      }
      if (t.ReadCapacityUnits > old.ReadCapacityUnits || t.WriteCapacityUnits > old.WriteCapacityUnits) table.lastIncreaseAt = now;
      if (t.ReadCapacityUnits < old.ReadCapacityUnits || t.WriteCapacityUnits < old.WriteCapacityUnits) table.lastDecreaseAt = now;
      table.throughput = t;
    }
    if (input.StreamSpecification) {
      const s = input.StreamSpecification;
      if (s.StreamEnabled && table.stream?.StreamEnabled) throw validation(`Table already has an enabled stream: TableName: ${table.name}`);
      if (!s.StreamEnabled && !table.stream?.StreamEnabled) throw validation(`Table already has no stream enabled: TableName: ${table.name}`);
      if (s.StreamEnabled && !s.StreamViewType) throw invalidParameter("StreamViewType is required when StreamEnabled is true");
      table.stream = s.StreamEnabled ? { StreamEnabled: true, StreamViewType: s.StreamViewType } : undefined;
      if (s.StreamEnabled) table.streamLabel = new Date(now).toISOString().replace("Z", "");
    }
    if (input.SSESpecification) table.sse = input.SSESpecification.Enabled ? { Enabled: true, SSEType: input.SSESpecification.SSEType, KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId } : undefined;
    if (input.TableClass) table.tableClass = input.TableClass;
    if (input.DeletionProtectionEnabled !== undefined) table.deletionProtection = input.DeletionProtectionEnabled;
    table.updatingUntil = readyAt;
    const created = ctx.store.txn(() => {
      const indexes = applyIndexUpdates(ctx, st, table, input, readyAt);
      for (const index of indexes) backfill(st, table, index);
      st.saveTable(ctx.accountId, ctx.region, table);
      return indexes;
    });
    const justCreated = new Set(created.map((i) => i.name));
    return { TableDescription: describeTable(ctx, st, table, "UPDATING", justCreated) as UpdateTableOutput["TableDescription"] };
  },
});
