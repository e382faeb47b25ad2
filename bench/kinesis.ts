/**
 * Kinesis Data Streams and Firehose workloads: PutRecord (200-byte records into a 4-shard stream)
 * and GetRecords (100 records of 200 bytes a call) against kinesalite (HTTP/1.1 only) and the no-op
 * route; the SDK client speaks HTTP/2 to local-aws (its default, cleartext with prior knowledge) and
 * HTTP/1.1 to the peers, the raw client HTTP/1.1 to all. Two end-to-end figures on local-aws: how
 * soon a Lambda handler triggered by the stream sees a record after its PutRecord returned (real
 * clock), and Firehose PutRecordBatch (500 x 1 KiB) in records a second.
 */
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { strToU8, zipSync } from "fflate";
import { createServer } from "node:http";
import { percentile } from "./measure.js";
import { awsJsonRequest } from "./json-request.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const PUT_STREAM = "bench-put";
const READ_STREAM = "bench-read";
const RECORD = Buffer.alloc(200, 0x61);
const RECORD_B64 = RECORD.toString("base64");

function kinesis(target: Target): KinesisClient {
  const base = { endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 };
  // The SDK speaks HTTP/2 only; kinesalite and the no-op route are HTTP/1.1 servers.
  return target.kind === "local-aws" ? new KinesisClient(base) : new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() });
}

function rawKinesis(operation: string, body: unknown): RawRequest {
  return awsJsonRequest("1.1", "Kinesis_20131202", "kinesis", operation, body);
}

async function createStream(target: Target, StreamName: string, ShardCount: number): Promise<void> {
  const k = kinesis(target);
  await k.send(new CreateStreamCommand({ StreamName, ShardCount })).catch((err: Error) => {
    if (err.name !== "ResourceInUseException") throw err;
  });
  k.destroy();
}

/** A TRIM_HORIZON iterator of the read stream's first shard per target, renewed every minute (iterators live five). */
const iterators = new Map<string, string>();
async function renewIterator(target: Target): Promise<void> {
  const k = kinesis(target);
  const out = await k.send(new GetShardIteratorCommand({ StreamName: READ_STREAM, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
  iterators.set(target.endpoint, out.ShardIterator!);
  k.destroy();
}

export const workloads: Workload[] = [
  {
    name: "kinesis PutRecord (200 B, 4 shards)",
    targets: ["local-aws", "kinesalite", "noop"],
    warmUp: 500,
    async setup(target) {
      if (target.kind !== "noop") await createStream(target, PUT_STREAM, 4);
    },
    sdk(target) {
      const k = kinesis(target);
      return async (i) => {
        await k.send(new PutRecordCommand({ StreamName: PUT_STREAM, PartitionKey: `key-${i % 1000}`, Data: RECORD }));
      };
    },
    raw() {
      return (i) => rawKinesis("PutRecord", { StreamName: PUT_STREAM, PartitionKey: `key-${i % 1000}`, Data: RECORD_B64 });
    },
  },
  {
    name: "kinesis GetRecords (100 records of 200 B)",
    targets: ["local-aws", "kinesalite", "noop"],
    opsPerRound: 500,
    concurrency: 8,
    warmUp: 100,
    async setup(target) {
      if (target.kind === "noop") return;
      await createStream(target, READ_STREAM, 4);
      const k = kinesis(target);
      await k.send(new PutRecordsCommand({ StreamName: READ_STREAM, Records: Array.from({ length: 100 }, (_, i) => ({ PartitionKey: `k${i}`, ExplicitHashKey: "0", Data: RECORD })) }));
      k.destroy();
      await renewIterator(target);
      setInterval(() => void renewIterator(target).catch(() => undefined), 60_000).unref();
    },
    sdk(target) {
      const k = kinesis(target);
      return async () => {
        const out = await k.send(new GetRecordsCommand({ ShardIterator: iterators.get(target.endpoint) ?? "none", Limit: 100 }));
        if (target.kind !== "noop" && out.Records?.length !== 100) throw new Error(`GetRecords returned ${out.Records?.length} records`);
      };
    },
    raw(target) {
      return () => rawKinesis("GetRecords", { ShardIterator: iterators.get(target.endpoint) ?? "none", Limit: 100 });
    },
  },
  {
    name: "kinesis PutRecord -> Lambda handler latency (real clock)",
    targets: ["local-aws"],
    custom: putToHandler,
  },
  {
    name: "firehose PutRecordBatch (500 x 1 KiB)",
    targets: ["local-aws", "noop"],
    opsPerRound: 100,
    concurrency: 4,
    async setup(target) {
      if (target.kind !== "local-aws") return;
      const config = { endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, forcePathStyle: true };
      await new S3Client(config).send(new CreateBucketCommand({ Bucket: "bench-firehose" })).catch(() => undefined);
      await new FirehoseClient(config)
        .send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: "bench-batch",
            ExtendedS3DestinationConfiguration: { BucketARN: "arn:aws:s3:::bench-firehose", RoleARN: "arn:aws:iam::000000000000:role/bench", BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 } },
          }),
        )
        .catch((err: Error) => {
          if (err.name !== "ResourceInUseException") throw err;
        });
    },
    sdk(target) {
      const firehose = new FirehoseClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
      const Records = Array.from({ length: 500 }, () => ({ Data: Buffer.alloc(1024, 0x62) }));
      return async () => {
        const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: "bench-batch", Records }));
        if (target.kind === "local-aws" && out.FailedPutCount !== 0) throw new Error(`FailedPutCount ${out.FailedPutCount}`);
      };
    },
    raw() {
      const request = awsJsonRequest("1.1", "Firehose_20150804", "firehose", "PutRecordBatch", {
        DeliveryStreamName: "bench-batch",
        Records: Array.from({ length: 500 }, () => ({ Data: Buffer.alloc(1024, 0x62).toString("base64") })),
      });
      return () => request;
    },
  },
];

/**
 * PutRecord, one at a time, into a stream a function is mapped to; the function posts each
 * record's id to a local HTTP hook, and the figure is the time from sending PutRecord to the hook's request.
 */
async function putToHandler(target: Target): Promise<Record<string, number | string>> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const hook = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      arrived.set(body, performance.now());
      waiting.get(body)?.();
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/`;
  const StreamName = `bench-esm-${Math.random().toString(36).slice(2, 8)}`;
  const config = { endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 };
  const k = new KinesisClient(config);
  const lambda = new LambdaClient(config);
  await k.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  const FunctionName = `${StreamName}-fn`;
  const source = `exports.handler = async (e) => { for (const r of e.Records) await fetch(process.env.HOOK, { method: "POST", body: Buffer.from(r.kinesis.data, "base64").toString() }); };`;
  await lambda.send(
    new CreateFunctionCommand({ FunctionName, Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/bench", Handler: "index.handler", Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) }, Environment: { Variables: { HOOK: hookUrl } } }),
  );
  await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`, FunctionName, StartingPosition: "LATEST" }));
  const latencies: number[] = [];
  const N = 60;
  try {
    for (let i = 0; i < N; i++) {
      const id = `r${i}`;
      const seen = new Promise<void>((resolve) => waiting.set(id, resolve));
      const putAt = performance.now();
      await k.send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: Buffer.from(id) }));
      const timedOut = await Promise.race([seen.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000).unref())]);
      // The first ones pay the cold start; report the warm ones.
      if (!timedOut && i >= 10) latencies.push(arrived.get(id)! - putAt);
    }
  } finally {
    hook.close();
    k.destroy();
    lambda.destroy();
  }
  latencies.sort((a, b) => a - b);
  return { records: latencies.length, p50_ms: Number(percentile(latencies, 50).toFixed(2)), p99_ms: Number(percentile(latencies, 99).toFixed(2)) };
}
