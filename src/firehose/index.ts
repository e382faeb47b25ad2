/**
 * Amazon Data Firehose (awsJson1_1, `Firehose_20150804.*`): delivery streams fed by PutRecord(Batch)
 * or by a Kinesis stream, buffered in SQLite and delivered to S3 by size or interval on the clock,
 * with Lambda transformation, GZIP and AWS's object key and prefix rules.
 *
 * Gaps:
 * - Destinations other than S3 (Redshift, OpenSearch, HTTP endpoints, Splunk, Snowflake, Iceberg),
 *   MSK and database sources, record format conversion (Parquet/ORC), S3 backup, compression
 *   other than GZIP (Snappy/ZIP are stored uncompressed), encryption (recorded only).
 * - Dynamic partitioning evaluates jq queries of the form `{name: .path, ...}` only (others are
 *   refused at creation); AWS's 64 MiB minimum buffer is not enforced; records whose keys cannot be
 *   found go to the error prefix as `partitioning-failed` (our name for AWS's error folder).
 * - CloudWatch delivery error logs are not written.
 *
 * By design:
 * - Delivery streams are ACTIVE at once; deliveries run as durable jobs, so buffered records survive
 *   a restart and are delivered after it.
 */
import type { ServiceEnv } from "../core/service.js";
import { flush, FLUSH_JOB } from "./flush.js";
import { pollSource, POLL_JOB } from "./kinesis-source.js";
import { operations } from "./operations/index.js";
import { firehoseService, type FirehoseState } from "./state.js";
import { FirehoseStatements, migrations } from "./store.js";

export const service = firehoseService({
  name: "firehose",
  migrations,
  apis: [{ id: "firehose", protocol: "awsJson1_1", endpointName: "firehose", model: { service: "firehose" }, operations }],
  createState: (env: ServiceEnv): FirehoseState => ({ sql: new FirehoseStatements(env.store), env, bufferedBytes: new Map(), flushing: new Map() }),
  afterRestore(_env, state) {
    state.bufferedBytes.clear();
  },
  start(env, state) {
    env.jobs.handle<{ arn: string }>(FLUSH_JOB, (p) => flush(state, p.arn));
    env.jobs.handle<{ arn: string }>(POLL_JOB, (p) => pollSource(state, p.arn));
  },
});
