import type { GetRecordsInput, GetRecordsOutput, _Record } from "@aws-sdk/client-dynamodb-streams";
import { defineOperation } from "../../../core/service.js";
import { STREAMS_NAMESPACE, streamsErrors } from "../errors.js";
import { decodeIterator, encodeIterator } from "../iterators.js";
import { apiRecord } from "../reader.js";
import { streamLogOf } from "../state.js";
import { parseStreamArn } from "../stream-arns.js";
import { checks } from "./checks.js";

/** Records after the iterator's position; no NextShardIterator once a disabled stream is read to its end (its shard is closed). */
export const getRecords = defineOperation<GetRecordsInput, GetRecordsOutput>({
  name: "GetRecords",
  handle(input, ctx) {
    checks().required("shardIterator", input.ShardIterator).string("shardIterator", input.ShardIterator, { min: 1, max: 2048 }).int("limit", input.Limit, 1, 1000).done();
    const it = decodeIterator(input.ShardIterator, ctx.clock.now(), STREAMS_NAMESPACE);
    const ref = parseStreamArn(it.streamArn);
    if (!ref || ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw streamsErrors.streamNotFound(it.streamArn);
    const log = streamLogOf(ctx.store);
    const status = log.status(ref);
    if (!status) throw streamsErrors.streamNotFound(ref.arn);
    const { facts, position } = log.records(ref.arn, it.position, input.Limit ?? 1000);
    const records = facts.map((f) => apiRecord(f.payload) as _Record);
    const atEnd = status.status === "DISABLED" && log.records(ref.arn, position, 1).facts.length === 0;
    return {
      Records: records,
      ...(atEnd ? {} : { NextShardIterator: encodeIterator({ streamArn: ref.arn, position, createdAt: ctx.clock.now() }) }),
    };
  },
});
