import type { GetRecordsInput, GetRecordsOutput, _Record } from "@aws-sdk/client-dynamodb-streams";
import { STREAMS_NAMESPACE, streamsErrors } from "../errors.js";
import { decodeIterator, encodeIterator } from "../iterators.js";
import { apiRecord } from "../reader.js";
import { shardIndexAt } from "../shards.js";
import { streamsOperation } from "../state.js";
import { parseStreamArn } from "../stream-arns.js";
import { checks } from "./checks.js";

/** The shard's records after the iterator's position; no NextShardIterator once a closed shard is read to its end. */
export const getRecords = streamsOperation<GetRecordsInput, GetRecordsOutput>({
  name: "GetRecords",
  handle(input, ctx, { log }) {
    checks().required("shardIterator", input.ShardIterator).string("shardIterator", input.ShardIterator, { min: 1, max: 2048 }).int("limit", input.Limit, 1, 1000).done();
    const now = ctx.clock.now();
    const it = decodeIterator(input.ShardIterator, now, STREAMS_NAMESPACE);
    const ref = parseStreamArn(it.streamArn);
    if (!ref || ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw streamsErrors.streamNotFound(it.streamArn);
    const status = log.status(ref);
    if (!status) throw streamsErrors.streamNotFound(ref.arn);
    const period = log.shardPeriodMs;
    const inShard = (at: number): -1 | 0 | 1 => Math.sign(shardIndexAt(ref, at, period) - it.shard) as -1 | 0 | 1;
    const { facts, position, beyond } = log.records(ref.arn, it.position, input.Limit ?? 1000, inShard);
    const records = facts.map((f) => apiRecord(f.payload) as _Record);
    // A shard is closed once its period is over or its stream is disabled; read to its end, it has no next iterator.
    const closed = status.status === "DISABLED" || shardIndexAt(ref, now, period) > it.shard;
    const atEnd = closed && (beyond === true || log.records(ref.arn, position, 1, inShard).facts.length === 0);
    return {
      Records: records,
      ...(atEnd ? {} : { NextShardIterator: encodeIterator({ streamArn: ref.arn, shard: it.shard, position, createdAt: now }) }),
    };
  },
});
