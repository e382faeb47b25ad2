/** SubscribeToShard: an enhanced fan-out consumer's five-minute push subscription to one shard. */
import { AwsError } from "../../core/errors.js";
import { StreamedOutput } from "../../core/protocols/aws-json.js";
import { consumerByArn, consumerNotFound, consumerStatus, notActive } from "../consumers.js";
import { EVENT_STREAM_TYPE } from "../event-stream.js";
import type { ShardMeta, StreamMeta } from "../model.js";
import { startPosition, type StartType } from "../positions.js";
import { kinesisOperation } from "../state.js";

interface SubscribeInput {
  ConsumerARN: string;
  ShardId: string;
  StartingPosition: { Type: StartType; SequenceNumber?: string; Timestamp?: number | Date };
}

export const subscribeToShard = kinesisOperation<SubscribeInput, StreamedOutput>({
  name: "SubscribeToShard",
  handle(input, ctx, state) {
    const now = ctx.clock.now();
    const consumer = consumerByArn(state, input.ConsumerARN, now);
    if (!consumer) throw consumerNotFound(ctx, input.ConsumerARN);
    if (consumerStatus(consumer, now) !== "ACTIVE") throw notActive(ctx, consumer);
    const streamRow = state.sql.streamByArn.get(consumer.streamArn);
    if (!streamRow) throw consumerNotFound(ctx, input.ConsumerARN);
    const stream = JSON.parse(streamRow.meta) as StreamMeta;
    const shardRow = state.sql.shards.all(stream.arn).find((r) => r.shard_id === input.ShardId);
    if (!shardRow) throw new AwsError("ResourceNotFoundException", `Could not find shard ${input.ShardId} in stream ${stream.name} under account ${ctx.accountId}.`);
    const shard = JSON.parse(shardRow.meta) as ShardMeta;
    const at = input.StartingPosition;
    const after = startPosition(ctx, state, stream, shard, { type: at.Type, sequenceNumber: at.SequenceNumber, timestamp: at.Timestamp }, "SubscribeToShard");
    const sub = state.subscriptions.open(consumer.arn, stream.arn, shard.ShardId, after);
    return new StreamedOutput(EVENT_STREAM_TYPE, sub);
  },
});
