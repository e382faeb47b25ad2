/** The Kinesis service's state (built by core per server) and the stream lookups every operation uses. */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { hexOf } from "./hashing.js";
import { shardIdOf, type ShardMeta, type StreamMeta } from "./model.js";
import { SequenceNumbers } from "./sequence.js";
import { KinesisStatements } from "./store.js";
import { Subscriptions } from "./subscriptions.js";
import { ThroughputMeter } from "./throughput.js";

export interface KinesisState {
  sql: KinesisStatements;
  seq: SequenceNumbers;
  env: ServiceEnv;
  /** Milliseconds CREATING/UPDATING last (config `kinesis.statusDelayMs`, default 0). */
  statusDelayMs: number;
  /** Milliseconds a stream consumer stays CREATING (and DELETING) (config `kinesis.consumerDelayMs`, default 5 s as on AWS). */
  consumerDelayMs: number;
  /** SubscribeToShard's open subscriptions. */
  subscriptions: Subscriptions;
  /** Per-shard write and read rates, enforced when config `kinesis.throughputLimits` is true. */
  throughput: ThroughputMeter | undefined;
  /** Streams as PutRecord(s)/GetRecords read them (parsed once), by account, region and name; cleared by every stream write. */
  readCache: Map<string, CachedStream>;
  /** A stream's consumers (for waking Lambda mappings on consumer ARNs), cleared by every consumer write. */
  consumerCache: Map<string, { arn: string; goneAt?: number }[]>;
}

/** A stream parsed for the record paths, with its open shards' hash ranges as 32 hex digits (text order is numeric order). */
export interface CachedStream extends LoadedStream {
  open: { shard: ShardMeta; start: string; end: string }[];
  /** `"EncryptionType":"…"}`: the tail of every PutRecord answer. */
  putTail: string;
  /** When PutRecords last deleted the stream's records past retention. */
  trimmedAt?: number;
}

interface KinesisConfig {
  statusDelayMs?: number;
  consumerDelayMs?: number;
  throughputLimits?: boolean;
}

export function createKinesisState(env: ServiceEnv): KinesisState {
  const raw = (env.settings.config.kinesis ?? {}) as KinesisConfig;
  const sql = new KinesisStatements(env.store);
  const seq = new SequenceNumbers();
  const last = sql.maxSeq.get()?.seq;
  if (last) seq.seen(last);
  const state = {
    sql,
    seq,
    env,
    statusDelayMs: raw.statusDelayMs ?? 0,
    consumerDelayMs: raw.consumerDelayMs ?? 5_000,
    throughput: raw.throughputLimits ? new ThroughputMeter() : undefined,
    readCache: new Map(),
    consumerCache: new Map(),
  } as KinesisState;
  state.subscriptions = new Subscriptions(state);
  return state;
}

export const { service: kinesisService, operation: kinesisOperation } = serviceWithState<KinesisState>();

export function notFound(ctx: RequestContext, name: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Stream ${name} under account ${ctx.accountId} not found.`);
}

export function invalidArgument(message: string): AwsError {
  return new AwsError("InvalidArgumentException", message);
}

export interface StreamRef {
  StreamName?: string;
  StreamARN?: string;
}

/** The stream named by StreamName or StreamARN (one of them, as AWS requires). */
export function nameOf(ref: StreamRef): string {
  if (ref.StreamName !== undefined) return ref.StreamName;
  if (ref.StreamARN !== undefined) return ref.StreamARN.slice(ref.StreamARN.indexOf("/") + 1);
  throw invalidArgument("Either StreamName or StreamARN should be provided.");
}

export interface LoadedStream {
  meta: StreamMeta;
  shards: ShardMeta[];
}

export function loadStream(ctx: RequestContext, state: KinesisState, ref: StreamRef): LoadedStream {
  const name = nameOf(ref);
  const row = state.sql.stream.get(ctx.accountId, ctx.region, name);
  if (!row) throw notFound(ctx, name);
  const meta = JSON.parse(row.meta) as StreamMeta;
  return { meta, shards: state.sql.shards.all(row.arn).map((s) => JSON.parse(s.meta) as ShardMeta) };
}

/** The stream for PutRecord(s) and GetRecords: read-only, from the cache when it is there. */
export function streamForRecords(ctx: RequestContext, state: KinesisState, ref: StreamRef): CachedStream {
  const key = `${ctx.accountId}\n${ctx.region}\n${nameOf(ref)}`;
  let hit = state.readCache.get(key);
  if (!hit) {
    const loaded = loadStream(ctx, state, ref);
    const open = loaded.shards.filter(isOpen).map((shard) => ({ shard, start: hexOf(BigInt(shard.HashKeyRange.StartingHashKey)), end: hexOf(BigInt(shard.HashKeyRange.EndingHashKey)) }));
    const putTail = `"EncryptionType":${JSON.stringify(loaded.meta.encryption?.EncryptionType ?? "NONE")}}`;
    state.readCache.set(key, (hit = { ...loaded, open, putTail }));
  }
  return hit;
}

export function saveStream(ctx: RequestContext, state: KinesisState, meta: StreamMeta, shards?: ShardMeta[]): void {
  state.readCache.clear();
  state.sql.putStream.run(meta.arn, ctx.accountId, ctx.region, meta.name, JSON.stringify(meta));
  for (const s of shards ?? []) state.sql.putShard.run(meta.arn, s.ShardId, JSON.stringify(s));
}

export function isOpen(s: ShardMeta): boolean {
  return s.SequenceNumberRange.EndingSequenceNumber === undefined;
}

export function statusOf(meta: StreamMeta, now: number): string {
  if (meta.status === "DELETING") return "DELETING";
  return now < meta.readyAt ? (meta.pending ?? "CREATING") : "ACTIVE";
}

/** A write needs an ACTIVE stream (ResourceInUseException while it is changing). */
export function requireActive(ctx: RequestContext, meta: StreamMeta): void {
  const status = statusOf(meta, ctx.clock.now());
  if (status !== "ACTIVE") throw new AwsError("ResourceInUseException", `Stream ${meta.name} under account ${ctx.accountId} not ACTIVE, instead in state ${status}`);
}

export function newShard(meta: StreamMeta, state: KinesisState, now: number, range: [bigint, bigint], parents: string[] = []): ShardMeta {
  const shard: ShardMeta = {
    ShardId: shardIdOf(meta.nextShard++),
    ...(parents[0] ? { ParentShardId: parents[0] } : {}),
    ...(parents[1] ? { AdjacentParentShardId: parents[1] } : {}),
    HashKeyRange: { StartingHashKey: range[0].toString(), EndingHashKey: range[1].toString() },
    // A number of its own: every record put later (even in the same millisecond) comes after it.
    SequenceNumberRange: { StartingSequenceNumber: state.seq.next(now) },
  };
  return shard;
}
