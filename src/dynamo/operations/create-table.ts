import type { CreateTableInput, CreateTableOutput } from "@aws-sdk/client-dynamodb";
import { arns } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import { invalidParameter, limitExceeded, resourceInUse } from "../errors.js";
import { buildIndex, checkKeySchema, checkThroughput, keyDefs, type AttributeDefinition, type IndexInput } from "../schema.js";
import type { IndexMeta, KeySchemaElement, TableMeta } from "../table-meta.js";
import { describeTable } from "../tables.js";
import { Constraints, listOf } from "../validation.js";
import { dynamoOperation } from "../state.js";

function streamLabel(now: number): string {
  return new Date(now).toISOString().replace("Z", "");
}

export const createTable = dynamoOperation<CreateTableInput, CreateTableOutput>({
  name: "CreateTable",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName);
    checkKeySchema(c, input.KeySchema, "keySchema");
    listOf(input.KeySchema, "keySchema");
    listOf(input.GlobalSecondaryIndexes, "globalSecondaryIndexes");
    listOf(input.LocalSecondaryIndexes, "localSecondaryIndexes");
    listOf(input.Tags, "tags");
    if (c.required(input.AttributeDefinitions, "attributeDefinitions")) {
      listOf(input.AttributeDefinitions, "attributeDefinitions");
      input.AttributeDefinitions!.forEach((d, i) => c.oneOf(d.AttributeType, `attributeDefinitions.${i + 1}.member.attributeType`, ["B", "N", "S"]));
    }
    c.oneOf(input.BillingMode, "billingMode", ["PROVISIONED", "PAY_PER_REQUEST"]);
    c.oneOf(input.TableClass, "tableClass", ["STANDARD", "STANDARD_INFREQUENT_ACCESS"]);
    c.throwIfAny();
    const name = input.TableName!;
    const defs = input.AttributeDefinitions as AttributeDefinition[];
    const schema = input.KeySchema as KeySchemaElement[];
    const billing = input.BillingMode ?? "PROVISIONED";
    const { hash, range } = keyDefs(schema, defs);
    const throughput = checkThroughput(input.ProvisionedThroughput as TableMeta["throughput"] | undefined, billing);
    const now = ctx.clock.now();
    const gsiInputs = (input.GlobalSecondaryIndexes ?? []) as IndexInput[];
    const lsiInputs = (input.LocalSecondaryIndexes ?? []) as IndexInput[];
    if (input.GlobalSecondaryIndexes && gsiInputs.length === 0) throw invalidParameter("List of GlobalSecondaryIndexes is empty");
    if (input.LocalSecondaryIndexes && lsiInputs.length === 0) throw invalidParameter("List of LocalSecondaryIndexes is empty");
    if (gsiInputs.length > 20) throw limitExceeded("Subscriber limit exceeded: Only 20 global secondary indexes are allowed per table");
    if (lsiInputs.length > 5) throw invalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    if (lsiInputs.length && !range) throw invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    const indexes: IndexMeta[] = [];
    let nextId = 1;
    for (const [list, kind] of [[lsiInputs, "LSI"], [gsiInputs, "GSI"]] as const) {
      for (const ix of list) {
        if (indexes.some((i) => i.name === ix.IndexName)) throw invalidParameter(`Duplicate index name: ${ix.IndexName}`);
        indexes.push(buildIndex(ix, kind, nextId++, defs, billing, hash, now));
      }
    }
    const used = new Set([hash.name, range?.name, ...indexes.flatMap((i) => [i.hash.name, i.range?.name])].filter(Boolean));
    if (defs.length !== used.size || defs.some((d) => !used.has(d.AttributeName))) {
      throw invalidParameter(
        indexes.length
          ? "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
          : "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      );
    }
    const existing = st.table(ctx.accountId, ctx.region, name);
    if (existing?.deletingUntil !== undefined) throw resourceInUse(`Attempt to change a resource which is still in use: Table is being deleted: ${name}`);
    if (existing) throw resourceInUse(`Table already exists: ${name}`);
    const delay = st.config.tableStatusDelayMs;
    const stream = input.StreamSpecification?.StreamEnabled ? { StreamEnabled: true, StreamViewType: input.StreamSpecification.StreamViewType } : undefined;
    if (stream && !stream.StreamViewType) throw invalidParameter("StreamViewType is required when StreamEnabled is true");
    const meta: TableMeta = {
      id: 0,
      name,
      arn: arns.dynamoTable(ctx.region, ctx.accountId, name),
      tableId: uuid(),
      createdAt: now,
      readyAt: now + delay,
      keySchema: schema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      attributeDefinitions: defs.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
      hash,
      range,
      billingMode: billing,
      throughput,
      indexes: indexes.map((i) => ({ ...i, readyAt: now + delay })),
      nextIndexId: nextId,
      stream,
      streamLabel: stream ? streamLabel(now) : undefined,
      sse: input.SSESpecification?.Enabled ? { Enabled: true, SSEType: input.SSESpecification.SSEType, KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId } : undefined,
      tableClass: input.TableClass ?? "STANDARD",
      deletionProtection: input.DeletionProtectionEnabled === true,
      tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key!, t.Value ?? ""])),
    };
    ctx.store.txn(() => {
      meta.id = (st.sql.maxTableId.get()?.id ?? 0) + 1;
      st.saveTable(ctx.accountId, ctx.region, meta, true);
    });
    return { TableDescription: describeTable(ctx, st, meta, "CREATING") as CreateTableOutput["TableDescription"] };
  },
});
