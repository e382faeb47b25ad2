import { describeStream } from "./describe-stream.js";
import { getRecords } from "./get-records.js";
import { getShardIterator } from "./get-shard-iterator.js";
import { listStreams } from "./list-streams.js";

/** Every DynamoDB Streams operation. */
export const streamOperations = [listStreams, describeStream, getShardIterator, getRecords];
