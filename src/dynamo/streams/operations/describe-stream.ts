import type { DescribeStreamInput, DescribeStreamOutput } from "@aws-sdk/client-dynamodb-streams";
import { defineOperation } from "../../../core/service.js";
import { streamsErrors } from "../errors.js";
import { streamLogOf } from "../state.js";
import { parseStreamArn, shardIdOf } from "../stream-arns.js";
import { checks } from "./checks.js";

/** The stream's one shard: its sequence numbers start at the stream's creation; a disabled stream's shard is closed at its last record. */
export const describeStream = defineOperation<DescribeStreamInput, DescribeStreamOutput>({
  name: "DescribeStream",
  handle(input, ctx) {
    checks()
      .required("streamArn", input.StreamArn)
      .string("streamArn", input.StreamArn, { min: 37, max: 1024 })
      .int("limit", input.Limit, 1, 100)
      .string("exclusiveStartShardId", input.ExclusiveStartShardId, { min: 28, max: 65 })
      .done();
    const ref = parseStreamArn(input.StreamArn!);
    if (!ref || ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw streamsErrors.streamNotFound(input.StreamArn!);
    const log = streamLogOf(ctx.store);
    const status = log.status(ref);
    if (!status) throw streamsErrors.streamNotFound(ref.arn);
    const created = Date.parse(`${ref.label}Z`);
    const shardId = shardIdOf(ref.arn, ref.label);
    let ending: string | undefined;
    if (status.status === "DISABLED") {
      let last: string | undefined;
      for (let after = 0, i = 0; i < 1000; i++) {
        const { facts, position } = log.records(ref.arn, after, 1000);
        if (facts.length > 0) last = facts[facts.length - 1]!.payload.sequenceNumber;
        if (position === after || facts.length === 0) break;
        after = position;
      }
      ending = last;
    }
    const shards = input.ExclusiveStartShardId === shardId ? [] : [
      {
        ShardId: shardId,
        SequenceNumberRange: {
          StartingSequenceNumber: (BigInt(Number.isNaN(created) ? 0 : created) * 1_000_000n).toString().padStart(21, "0"),
          ...(ending ? { EndingSequenceNumber: ending } : {}),
        },
      },
    ];
    const view = status.table?.stream?.StreamViewType;
    return {
      StreamDescription: {
        StreamArn: ref.arn,
        StreamLabel: ref.label,
        StreamStatus: status.status,
        ...(view ? { StreamViewType: view as "KEYS_ONLY" } : {}),
        ...(Number.isNaN(created) ? {} : { CreationRequestDateTime: new Date(created) }),
        TableName: ref.tableName,
        ...(status.table ? { KeySchema: status.table.keySchema } : {}),
        Shards: shards,
      },
    };
  },
});
