/** SplitShard, MergeShards, UpdateShardCount: parents close, children name them, as AWS reshards. */
import { AwsError } from "../../core/errors.js";
import type { RequestContext } from "../../core/context.js";
import { splitRange } from "../hashing.js";
import type { ShardMeta } from "../model.js";
import { invalidArgument, isOpen, kinesisOperation, loadStream, newShard, requireActive, saveStream, type KinesisState, type LoadedStream, type StreamRef } from "../state.js";

function closeShard(state: KinesisState, stream: LoadedStream, shard: ShardMeta, now: number): void {
  const last = state.sql.lastRecord.get(stream.meta.arn, shard.ShardId)?.seq;
  shard.SequenceNumberRange.EndingSequenceNumber = last ?? state.seq.at(now);
}

function openShard(ctx: RequestContext, stream: LoadedStream, id: string): ShardMeta {
  const shard = stream.shards.find((s) => s.ShardId === id);
  if (!shard) throw new AwsError("ResourceNotFoundException", `Could not find shard ${id} in stream ${stream.meta.name} under account ${ctx.accountId}.`);
  if (!isOpen(shard)) throw new AwsError("ResourceInUseException", `Shard ${id} in stream ${stream.meta.name} under account ${ctx.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`);
  return shard;
}

function commitReshard(ctx: RequestContext, state: KinesisState, stream: LoadedStream, changed: ShardMeta[]): void {
  stream.meta.readyAt = ctx.clock.now() + state.statusDelayMs;
  stream.meta.pending = "UPDATING";
  ctx.store.txn(() => saveStream(ctx, state, stream.meta, changed));
}

export const splitShard = kinesisOperation<StreamRef & { ShardToSplit: string; NewStartingHashKey: string }, Record<string, never>>({
  name: "SplitShard",
  handle(input, ctx, state) {
    const stream = loadStream(ctx, state, input);
    requireActive(ctx, stream.meta);
    const parent = openShard(ctx, stream, input.ShardToSplit);
    const start = BigInt(parent.HashKeyRange.StartingHashKey);
    const end = BigInt(parent.HashKeyRange.EndingHashKey);
    const at = /^\d+$/.test(input.NewStartingHashKey) ? BigInt(input.NewStartingHashKey) : -1n;
    if (at <= start || at > end) {
      throw invalidArgument(`NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${parent.ShardId} in stream ${stream.meta.name} under account ${ctx.accountId} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`);
    }
    const now = ctx.clock.now();
    closeShard(state, stream, parent, now);
    const children = [newShard(stream.meta, state, now, [start, at - 1n], [parent.ShardId]), newShard(stream.meta, state, now, [at, end], [parent.ShardId])];
    commitReshard(ctx, state, stream, [parent, ...children]);
    return {};
  },
});

export const mergeShards = kinesisOperation<StreamRef & { ShardToMerge: string; AdjacentShardToMerge: string }, Record<string, never>>({
  name: "MergeShards",
  handle(input, ctx, state) {
    const stream = loadStream(ctx, state, input);
    requireActive(ctx, stream.meta);
    const a = openShard(ctx, stream, input.ShardToMerge);
    const b = openShard(ctx, stream, input.AdjacentShardToMerge);
    const [lo, hi] = BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? [a, b] : [b, a];
    if (BigInt(lo.HashKeyRange.EndingHashKey) + 1n !== BigInt(hi.HashKeyRange.StartingHashKey)) {
      throw invalidArgument(`Shards ${a.ShardId} and ${b.ShardId} in stream ${stream.meta.name} under account ${ctx.accountId} are not an adjacent pair of shards eligible for merging`);
    }
    const now = ctx.clock.now();
    closeShard(state, stream, a, now);
    closeShard(state, stream, b, now);
    const child = newShard(stream.meta, state, now, [BigInt(lo.HashKeyRange.StartingHashKey), BigInt(hi.HashKeyRange.EndingHashKey)], [a.ShardId, b.ShardId]);
    commitReshard(ctx, state, stream, [a, b, child]);
    return {};
  },
});

export const updateShardCount = kinesisOperation<StreamRef & { TargetShardCount: number; ScalingType: string }, Record<string, unknown>>({
  name: "UpdateShardCount",
  handle(input, ctx, state) {
    const stream = loadStream(ctx, state, input);
    requireActive(ctx, stream.meta);
    const open = stream.shards.filter(isOpen);
    const target = input.TargetShardCount;
    if (target > open.length * 2 || target * 2 < open.length) {
      throw new AwsError("LimitExceededException", `UpdateShardCount cannot scale up over double your current open shard count (${open.length}) or scale down below half your current open shard count for stream ${stream.meta.name} under account ${ctx.accountId}.`);
    }
    const now = ctx.clock.now();
    for (const s of open) closeShard(state, stream, s, now);
    // UNIFORM_SCALING: the new shards split the key space evenly; each names the old shards it overlaps.
    const children = splitRange(target).map((range) => {
      const parents = open.filter((s) => BigInt(s.HashKeyRange.StartingHashKey) <= range[1] && range[0] <= BigInt(s.HashKeyRange.EndingHashKey)).map((s) => s.ShardId);
      return newShard(stream.meta, state, now, range, parents.slice(0, 2));
    });
    commitReshard(ctx, state, stream, [...open, ...children]);
    return { StreamName: stream.meta.name, StreamARN: stream.meta.arn, CurrentShardCount: open.length, TargetShardCount: target };
  },
});
