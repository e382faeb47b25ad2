/**
 * Kinesis Data Streams (awsJson1_1, `Kinesis_20131202.*`; the SDK client speaks it over cleartext
 * HTTP/2, which the one port serves): streams, shards split by the MD5 of the partition key,
 * 56-digit sequence numbers, iterators of every type expiring on the clock, resharding, retention.
 *
 * Enhanced fan-out: stream consumers (CREATING/DELETING for `kinesis.consumerDelayMs`, 5 s of the
 * clock by default) and SubscribeToShard as an AWS event stream over HTTP/2 (subscriptions.ts).
 *
 * Gaps:
 * - Resource policies, account settings, enhanced monitoring and warm throughput are not
 *   implemented (UnknownOperation); CBOR is not accepted (JSON only).
 * - A subscription is not held to 2 MiB/s.
 * - Records past the retention period are dropped when records are put and never returned.
 *
 * By design:
 * - Streams are ACTIVE at once (config `kinesis.statusDelayMs` keeps CREATING/UPDATING for waiter tests).
 * - Per-shard throughput limits are off unless `kinesis.throughputLimits` is true; then they are
 *   counted per second of the server's clock (exact on a virtual clock).
 * - A shard iterator is readable text (base64 of its position), not AWS's opaque bytes.
 */
import { consumerArnsOf, streamArnOfConsumer } from "./consumers.js";
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
      for (const arn of consumerArnsOf(state, e.streamArn, env.clock.now())) env.bus.publish("kinesis.RecordsPut", { accountId: e.accountId, region: e.region, streamArn: arn });
    });
  },
  afterRestore(_env, state) {
    state.subscriptions.endAll();
    state.readCache.clear();
    state.consumerCache.clear();
    state.throughput?.forgetAll();
  },
  stop(_env, state) {
    state.subscriptions.endAll();
  },
});
