/**
 * DynamoDB Streams (ListStreams, DescribeStream, GetShardIterator, GetRecords) and TTL sweeps.
 * DynamoDB appends one record per item change to the durable event log, in the change's own
 * transaction, when the table has a stream (streams/records.ts, called by writes.ts); this
 * service reads them back in the Streams API's format and, through the StreamReader port, in
 * Lambda's.
 *
 * Gaps:
 * - Shards roll over on a fixed period (`dynamodbstreams.shardRolloverSeconds`, default four
 *   hours) and never split: one open shard at a time, each the parent of the next.
 * - ListStreams lists enabled streams only; a disabled stream stays readable (DescribeStream,
 *   GetRecords) while its records are retained, but is not listed.
 * - Iterators are not bound to a shard's lifetime beyond the 15-minute expiry;
 *   TrimmedDataAccessException is never raised (TRIM_HORIZON simply starts at the oldest
 *   retained record).
 *
 * By design:
 * - Records are kept 24 hours on the clock (the event log's retention), as AWS keeps them.
 * - TTL deletes expired items within `dynamodb.ttlSweepIntervalSeconds` (default 60) of expiry;
 *   AWS takes up to a few days.
 */
import { STREAMS_NAMESPACE } from "./errors.js";
import { streamOperations } from "./operations/index.js";
import { streamReader } from "./port.js";
import { createState, streamsService } from "./state.js";

export const service = streamsService({
  name: "dynamodbstreams",
  createState: (env) => createState(env),
  // No state of its own, but a migration marks the service as used on this store, so the server
  // loads it at start-up and the TTL sweeps resume after a restart.
  migrations: [{ version: 1, sql: "CREATE TABLE ddbstreams_started (at INTEGER NOT NULL)" }],
  apis: [{ id: "dynamodbstreams", protocol: "awsJson1_0", endpointName: "streams.dynamodb", errorNamespace: STREAMS_NAMESPACE, operations: streamOperations }],
  start(env, state) {
    env.ports.provide("StreamReader", streamReader(state.log));
    state.sweeper.start();
  },
});
