/**
 * Kinesis Data Streams (awsJson1_1, `Kinesis_20131202.*`; the SDK client speaks it over cleartext
 * HTTP/2, which the one port serves): streams, shards split by the MD5 of the partition key,
 * 56-digit sequence numbers, iterators of every type expiring on the clock, resharding, retention.
 *
 * Gaps:
 * - Enhanced fan-out (RegisterStreamConsumer, SubscribeToShard), resource policies, account
 *   settings, enhanced monitoring and warm throughput are not implemented (UnknownOperation).
 * - Per-shard throughput limits are not enforced; Lambda event source mappings for Kinesis are not
 *   here yet (DynamoDB streams and SQS have them).
 * - Records past the retention period are dropped when records are put and never returned.
 *
 * By design:
 * - Streams are ACTIVE at once (config `kinesis.statusDelayMs` keeps CREATING/UPDATING for waiter tests).
 * - A shard iterator is readable text (base64 of its position), not AWS's opaque bytes.
 */
import { consumersOf, streamArnOfConsumer } from "./consumers.js";
import { kinesisReader } from "./port.js";
import { operations } from "./operations/index.js";
import { createKinesisState, kinesisService } from "./state.js";
import { migrations } from "./store.js";

export const service = kinesisService({
  name: "kinesis",
  migrations,
  apis: [{ id: "kinesis", protocol: "awsJson1_1", endpointName: "kinesis", model: { service: "kinesis" }, operations }],
  createState: (env) => createKinesisState(env),
  start(env, state) {
    env.ports.provide("KinesisReader", kinesisReader(state));
    env.bus.subscribe("kinesis.RecordsPut", (e) => {
      if (streamArnOfConsumer(e.streamArn) !== undefined) return;
      state.subscriptions.recordsPut(e.streamArn);
      // Readers of a consumer (Lambda mappings on a consumer ARN) are woken by its ARN.
      for (const c of consumersOf(state, e.streamArn, env.clock.now())) env.bus.publish("kinesis.RecordsPut", { accountId: e.accountId, region: e.region, streamArn: c.arn });
    });
  },
  afterRestore(_env, state) {
    state.subscriptions.endAll();
  },
  stop(_env, state) {
    state.subscriptions.endAll();
  },
});
