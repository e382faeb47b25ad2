import type { DescribeStreamInput, DescribeStreamOutput } from "@aws-sdk/client-dynamodb-streams";
import { streamsErrors } from "../errors.js";
import { shardsOf, streamCreatedAt } from "../shards.js";
import { streamsOperation } from "../state.js";
import { parseStreamArn } from "../stream-arns.js";
import { checks } from "./checks.js";

/** The stream and its shards (open and recently closed ones, each with its parent), paged by ExclusiveStartShardId/Limit. */
export const describeStream = streamsOperation<DescribeStreamInput, DescribeStreamOutput>({
  name: "DescribeStream",
  handle(input, ctx, { log }) {
    checks()
      .required("streamArn", input.StreamArn)
      .string("streamArn", input.StreamArn, { min: 37, max: 1024 })
      .int("limit", input.Limit, 1, 100)
      .string("exclusiveStartShardId", input.ExclusiveStartShardId, { min: 28, max: 65 })
      .done();
    const ref = parseStreamArn(input.StreamArn!);
    if (!ref || ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw streamsErrors.streamNotFound(input.StreamArn!);
    const status = log.status(ref);
    if (!status) throw streamsErrors.streamNotFound(ref.arn);
    const all = shardsOf(log, ref, status.status === "ENABLED", ctx.clock.now(), log.shardPeriodMs);
    const start = input.ExclusiveStartShardId ? all.findIndex((s) => s.id === input.ExclusiveStartShardId) + 1 : 0;
    const limit = input.Limit ?? 100;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const view = status.table?.stream?.StreamViewType;
    return {
      StreamDescription: {
        StreamArn: ref.arn,
        StreamLabel: ref.label,
        StreamStatus: status.status,
        ...(view ? { StreamViewType: view as "KEYS_ONLY" } : {}),
        CreationRequestDateTime: new Date(streamCreatedAt(ref)),
        TableName: ref.tableName,
        ...(status.table ? { KeySchema: status.table.keySchema } : {}),
        Shards: page.map((s) => ({
          ShardId: s.id,
          ...(s.parentId ? { ParentShardId: s.parentId } : {}),
          SequenceNumberRange: { StartingSequenceNumber: s.startingSequenceNumber, ...(s.endingSequenceNumber ? { EndingSequenceNumber: s.endingSequenceNumber } : {}) },
        })),
        ...(more ? { LastEvaluatedShardId: page[page.length - 1]!.id } : {}),
      },
    };
  },
});
