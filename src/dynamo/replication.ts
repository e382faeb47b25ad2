/**
 * Replication between the replicas of global tables. Every committed write of a table with a
 * stream is a `dynamo.ItemChanged` fact of the durable log (streams/records.ts); this consumer
 * applies those of global tables to the other replicas, after `dynamodb.replicationDelayMs` when
 * set (to test code that reads a replica too early). Concurrent writes of one item resolve
 * last-writer-wins by the write's time (then region name), as AWS documents; a replicated write
 * that changes nothing (the echo of a write coming back) is not applied, so nothing loops.
 */
import type { RequestContext } from "../core/context.js";
import type { DynamoItemChanged } from "../core/events.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceContext } from "../core/service-context.js";
import { itemSize, type Item } from "./attribute-value.js";
import { keyFromItem } from "./keys.js";
import type { DynamoState } from "./state.js";
import { commitWrite, readItem } from "./writes.js";

const JOB = "replicate";

export function startReplication(env: ServiceEnv, stateFor: () => DynamoState): void {
  const delayMs = Number((env.settings.config.dynamodb as { replicationDelayMs?: number } | undefined)?.replicationDelayMs ?? 0);
  const contexts = new Map<string, RequestContext>();
  const contextFor = (accountId: string, region: string): RequestContext => {
    const k = `${accountId}\u0000${region}`;
    let ctx = contexts.get(k);
    if (!ctx) contexts.set(k, (ctx = serviceContext(env, accountId, region, "GlobalTableReplication")));
    return ctx;
  };
  const apply = (rec: DynamoItemChanged): void => {
    const st = stateFor();
    const source = st.table(rec.accountId, rec.region, rec.tableName);
    for (const region of source?.replicaRegions ?? []) applyTo(contextFor(rec.accountId, region), st, rec);
  };
  env.jobs.handle<{ record: DynamoItemChanged }>(JOB, (p) => apply(p.record));
  const isGlobal = (rec: DynamoItemChanged): boolean => stateFor().table(rec.accountId, rec.region, rec.tableName)?.replicaRegions !== undefined;
  env.eventLog.consume({
    name: "global-tables",
    kinds: ["dynamo.ItemChanged"],
    // Most stream records are of tables without replicas: the log passes them without waking this consumer.
    accepts: isGlobal,
    handle(fact) {
      const rec = stateFor().streamHeads.expand(fact.payload);
      if (!isGlobal(rec)) return;
      if (delayMs > 0) env.jobs.schedule(JOB, { record: rec }, { delayMs });
      else apply(rec);
    },
  });
}

function applyTo(ctx: RequestContext, st: DynamoState, rec: DynamoItemChanged): void {
  const target = st.table(ctx.accountId, ctx.region, rec.tableName);
  if (!target) return;
  const keys = rec.keys as Item;
  const key = keyFromItem(target, keys);
  const at = rec.approximateCreationDateTime;
  ctx.store.txn(() => {
    const version = st.backups.getVersion.get(target.id, key.pk, key.sk);
    if (version && (version.at > at || (version.at === at && version.region >= rec.region))) return;
    const old = readItem(st, target, key);
    const newItem = rec.eventName === "REMOVE" ? undefined : (rec.newImage as Item | undefined);
    const newText = newItem ? JSON.stringify(newItem) : undefined;
    if (old?.text === newText) return;
    commitWrite(ctx, st, target, key, keys, old, newItem, newItem ? itemSize(newItem) : 0, undefined, newText);
    st.backups.putVersion.run(target.id, key.pk, key.sk, at, rec.region);
  });
  st.items.forget(target.id, key);
}
