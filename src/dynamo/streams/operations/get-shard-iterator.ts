import type { GetShardIteratorInput, GetShardIteratorOutput } from "@aws-sdk/client-dynamodb-streams";
import { streamsErrors } from "../errors.js";
import { encodeIterator } from "../iterators.js";
import { shardsOf } from "../shards.js";
import { streamsOperation } from "../state.js";
import { parseStreamArn } from "../stream-arns.js";
import { checks } from "./checks.js";

const TYPES = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"] as const;

export const getShardIterator = streamsOperation<GetShardIteratorInput, GetShardIteratorOutput>({
  name: "GetShardIterator",
  handle(input, ctx, { log }) {
    checks()
      .required("streamArn", input.StreamArn)
      .string("streamArn", input.StreamArn, { min: 37, max: 1024 })
      .required("shardId", input.ShardId)
      .string("shardId", input.ShardId, { min: 28, max: 65 })
      .required("shardIteratorType", input.ShardIteratorType)
      .oneOf("shardIteratorType", input.ShardIteratorType, TYPES)
      .string("sequenceNumber", input.SequenceNumber, { min: 21, max: 40 })
      .done();
    const ref = parseStreamArn(input.StreamArn!);
    if (!ref || ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw streamsErrors.streamNotFound(input.StreamArn!);
    const status = log.status(ref);
    if (!status) throw streamsErrors.streamNotFound(ref.arn);
    const shard = shardsOf(log, ref, status.status === "ENABLED", ctx.clock.now(), log.shardPeriodMs).find((s) => s.id === input.ShardId);
    if (!shard) throw streamsErrors.shardNotFound(input.ShardId!, ref.arn);
    const type = input.ShardIteratorType!;
    let position: number;
    if (type === "TRIM_HORIZON") position = 0;
    else if (type === "LATEST") position = log.latest();
    else {
      if (!input.SequenceNumber || !/^\d+$/.test(input.SequenceNumber)) {
        throw streamsErrors.validation("Sequence number must be specified for AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER shard iterator types.");
      }
      const found = log.positionOf(ref.arn, input.SequenceNumber, type === "AT_SEQUENCE_NUMBER");
      position = found ?? log.latest();
    }
    return { ShardIterator: encodeIterator({ streamArn: ref.arn, shard: shard.index, position, createdAt: ctx.clock.now() }) };
  },
});
