/** CreateStream, DeleteStream, DescribeStream(Summary), ListStreams, ListShards. */
import { AwsError } from "../../core/errors.js";
import { consumersOf } from "../consumers.js";
import { streamDescription, streamSummary } from "../describe.js";
import { splitRange } from "../hashing.js";
import type { ShardMeta, StreamMeta } from "../model.js";
import { invalidArgument, isOpen, kinesisOperation, type KinesisState, loadStream, nameOf, newShard, saveStream, type StreamRef } from "../state.js";

interface CreateInput {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: { StreamMode?: "PROVISIONED" | "ON_DEMAND" };
  Tags?: Record<string, string>;
  MaxRecordSizeInKiB?: number;
}

/** AWS's default shard quota per account and region: 500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere. */
function shardQuota(region: string): number {
  return region === "us-east-1" || region === "us-west-2" || region === "eu-west-1" ? 500 : 200;
}

function checkShardQuota(account: string, region: string, adding: number, current: () => number): void {
  const limit = shardQuota(region);
  if (adding <= limit && adding <= limit - current()) return;
  throw new AwsError(
    "LimitExceededException",
    `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current()}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${adding}.`,
  );
}

function openShardsOf(state: KinesisState, account: string, region: string): number {
  let n = 0;
  for (const s of state.sql.streamsOf.all(account, region)) n += state.sql.shards.all(s.arn).filter((row) => isOpen(JSON.parse(row.meta) as ShardMeta)).length;
  return n;
}

export const createStream = kinesisOperation<CreateInput, Record<string, never>>({
  name: "CreateStream",
  handle(input, ctx, state) {
    const mode = input.StreamModeDetails?.StreamMode ?? "PROVISIONED";
    if (mode === "PROVISIONED" && input.ShardCount === undefined) throw invalidArgument("ShardCount is required for a PROVISIONED stream.");
    if (mode === "ON_DEMAND" && input.ShardCount !== undefined) throw invalidArgument("ShardCount can not be specified for an ON_DEMAND stream.");
    if (state.sql.stream.get(ctx.accountId, ctx.region, input.StreamName)) {
      throw new AwsError("ResourceInUseException", `Stream ${input.StreamName} under account ${ctx.accountId} already exists.`);
    }
    const shardCount = mode === "ON_DEMAND" ? 4 : input.ShardCount!;
    checkShardQuota(ctx.accountId, ctx.region, shardCount, () => openShardsOf(state, ctx.accountId, ctx.region));
    const now = ctx.clock.now();
    const meta: StreamMeta = {
      name: input.StreamName,
      arn: `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${input.StreamName}`,
      mode,
      createdAt: now,
      retentionHours: 24,
      nextShard: 0,
      tags: { ...input.Tags },
      maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? 1024,
      readyAt: now + state.statusDelayMs,
      pending: "CREATING",
      status: "ACTIVE",
    };
    // ON_DEMAND streams start with four shards, as AWS's do.
    const shards = splitRange(shardCount).map((range) => newShard(meta, state, now, range));
    ctx.store.txn(() => saveStream(ctx, state, meta, shards));
    return {};
  },
});

export const deleteStream = kinesisOperation<StreamRef & { EnforceConsumerDeletion?: boolean }, Record<string, never>>({
  name: "DeleteStream",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    if (!input.EnforceConsumerDeletion && consumersOf(state, meta.arn, ctx.clock.now()).length > 0) {
      throw new AwsError("ResourceInUseException", `Stream ${meta.name} under account ${ctx.accountId} has registered consumers. Deregister them, or set EnforceConsumerDeletion to true.`);
    }
    state.subscriptions.endStream(meta.arn);
    state.readCache.clear();
    state.consumerCache.clear();
    state.throughput?.forget(meta.arn);
    ctx.store.txn(() => {
      state.sql.deleteConsumers.run(meta.arn);
      state.sql.deleteRecords.run(meta.arn);
      state.sql.deleteShards.run(meta.arn);
      state.sql.deleteStream.run(meta.arn);
    });
    return {};
  },
});

export const describeStream = kinesisOperation<StreamRef & { Limit?: number; ExclusiveStartShardId?: string }, Record<string, unknown>>({
  name: "DescribeStream",
  handle(input, ctx, state) {
    const { meta, shards } = loadStream(ctx, state, input);
    return { StreamDescription: streamDescription(meta, shards, ctx.clock.now(), input.Limit ?? 100, input.ExclusiveStartShardId) };
  },
});

export const describeStreamSummary = kinesisOperation<StreamRef, Record<string, unknown>>({
  name: "DescribeStreamSummary",
  handle(input, ctx, state) {
    const { meta, shards } = loadStream(ctx, state, input);
    const now = ctx.clock.now();
    return { StreamDescriptionSummary: { ...streamSummary(meta, shards, now), ConsumerCount: consumersOf(state, meta.arn, now).length } };
  },
});

export const listStreams = kinesisOperation<{ Limit?: number; ExclusiveStartStreamName?: string; NextToken?: string }, Record<string, unknown>>({
  name: "ListStreams",
  handle(input, ctx, state) {
    const after = input.NextToken !== undefined ? Buffer.from(input.NextToken, "base64").toString() : input.ExclusiveStartStreamName;
    const all = state.sql.streamsOf.all(ctx.accountId, ctx.region).filter((s) => after === undefined || s.name > after);
    const limit = input.Limit ?? 100;
    const page = all.slice(0, limit);
    const now = ctx.clock.now();
    return {
      StreamNames: page.map((s) => s.name),
      StreamSummaries: page.map((s) => {
        const meta = JSON.parse(s.meta) as StreamMeta;
        const { StreamName, StreamARN, StreamStatus, StreamModeDetails, StreamCreationTimestamp } = streamSummary(meta, [], now);
        return { StreamName, StreamARN, StreamStatus, StreamModeDetails, StreamCreationTimestamp };
      }),
      HasMoreStreams: all.length > limit,
      ...(all.length > limit ? { NextToken: Buffer.from(page[page.length - 1]!.name).toString("base64") } : {}),
    };
  },
});

interface ListShardsInput extends StreamRef {
  NextToken?: string;
  MaxResults?: number;
  ExclusiveStartShardId?: string;
  ShardFilter?: { Type?: string; ShardId?: string; Timestamp?: number };
}

export const listShards = kinesisOperation<ListShardsInput, Record<string, unknown>>({
  name: "ListShards",
  handle(input, ctx, state) {
    let ref: StreamRef = input;
    let after = input.ExclusiveStartShardId;
    if (input.NextToken !== undefined) {
      if (input.StreamName !== undefined || input.StreamARN !== undefined) throw invalidArgument("NextToken and StreamName cannot be provided together.");
      let token: { name: string; after: string };
      try {
        token = JSON.parse(Buffer.from(input.NextToken, "base64").toString()) as { name: string; after: string };
      } catch {
        throw invalidArgument(`Invalid NextToken: ${input.NextToken}`); // a token we did not issue
      }
      ref = { StreamName: token.name };
      after = token.after;
    }
    const { meta, shards } = loadStream(ctx, state, ref);
    let visible: ShardMeta[] = shards;
    const filter = input.ShardFilter?.Type;
    if (filter === "AT_LATEST") visible = shards.filter(isOpen);
    else if (filter === "AFTER_SHARD_ID" && input.ShardFilter?.ShardId) visible = shards.filter((s) => s.ShardId > input.ShardFilter!.ShardId!);
    else if (filter === "AT_TRIM_HORIZON" || filter === "FROM_TRIM_HORIZON") visible = shards;
    if (after !== undefined) visible = visible.filter((s) => s.ShardId > after);
    const limit = input.MaxResults ?? 1000;
    const page = visible.slice(0, limit);
    const more = visible.length > limit;
    return {
      Shards: page,
      ...(more ? { NextToken: Buffer.from(JSON.stringify({ name: nameOf({ StreamName: meta.name }), after: page[page.length - 1]!.ShardId })).toString("base64") } : {}),
    };
  },
});
