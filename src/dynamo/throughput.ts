/**
 * Opt-in provisioned throughput enforcement (config `dynamodb.enforceThroughput`): a PROVISIONED
 * table that has used its RCU/WCU within the current second answers
 * ProvisionedThroughputExceededException, so retry logic can be tested. No burst capacity.
 */
import type { RequestContext } from "../core/context.js";
import type { Consumed } from "./capacity.js";
import { throughputExceeded } from "./errors.js";
import type { TableMeta } from "./table-meta.js";
import type { DynamoState } from "./state.js";

export function meteredTable(st: DynamoState, ctx: RequestContext, table: TableMeta): boolean {
  return table.billingMode === "PROVISIONED" && st.config.enforceThroughput;
}

function usageOf(st: DynamoState, ctx: RequestContext, table: TableMeta): { second: number; read: number; write: number } {
  const usage = st.usage;
  const second = Math.floor(ctx.clock.now() / 1000);
  let u = usage.get(table.id);
  if (!u || u.second !== second) {
    u = { second, read: 0, write: 0 };
    usage.set(table.id, u);
  }
  return u;
}

export function throttleIfExhausted(st: DynamoState, ctx: RequestContext, table: TableMeta, kind: "read" | "write"): void {
  const u = usageOf(st, ctx, table);
  const used = kind === "read" ? u.read : u.write;
  const limit = kind === "read" ? table.throughput.ReadCapacityUnits : table.throughput.WriteCapacityUnits;
  if (used >= limit) throw throughputExceeded();
}

export function recordUsage(st: DynamoState, ctx: RequestContext, consumed: Consumed): void {
  const u = usageOf(st, ctx, consumed.meta);
  if (consumed.kind === "read") u.read += consumed.total();
  else u.write += consumed.total();
}
