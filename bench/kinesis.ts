/**
 * Kinesis Data Streams and Firehose workloads: PutRecord (200-byte records into a 4-shard stream)
 * and GetRecords (100 records of 200 bytes a call) against kinesalite (HTTP/1.1 only) and the no-op
 * route; the SDK client speaks HTTP/2 to local-aws (its default, cleartext with prior knowledge) and
 * HTTP/1.1 to the peers, the raw client HTTP/1.1 to all. Two end-to-end figures on local-aws: how
 * soon a Lambda handler triggered by the stream sees a record after its PutRecord returned (real
 * clock), and Firehose PutRecordBatch (500 x 1 KiB) in records a second. "PutRecord over HTTP/2"
 * compares local-aws with the no-op route served over h2c (servers/noop-h2.mjs), by a raw h2 client
 * and by the SDK. The Kinesis SDK client opens a new connection for every call
 * (`disableConcurrentStreams: true` in its runtime config), so its HTTP/2 rows are mostly the cost
 * of accepting a connection and setting up an HTTP/2 session (docs/kinesis.md).
 */
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { strToU8, zipSync } from "fflate";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { connect, type ClientHttp2Session } from "node:http2";
import { percentile, runRaw, runSdk, type RoundResult } from "./measure.js";
import { awsJsonRequest } from "./json-request.js";
import { benchCredentials, type RawRequest, type Target, type TargetKind, type Workload } from "./types.js";

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
    name: "kinesis PutRecord over HTTP/2 (200 B, 4 shards; local-aws and an h2c no-op route, kinesalite over HTTP/1.1)",
    targets: ["local-aws", "kinesalite"],
    async setup(target) {
      await createStream(target, PUT_STREAM, 4);
      h2Targets.set(target.kind, target);
    },
    custom: putRecordOverHttp2,
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

const h2Targets = new Map<TargetKind, Target>();
let noopH2: Promise<Target> | undefined;
let h2Round = 0;

/** bench/servers/noop-h2.mjs (the no-op route over h2c), started once and killed when the bench exits. */
function startNoopH2(): Promise<Target> {
  return (noopH2 ??= new Promise<Target>((resolve, reject) => {
    const child = spawn(process.execPath, [new URL("./servers/noop-h2.mjs", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
    process.once("exit", () => child.kill());
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /endpoint:\s+(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        child.unref();
        child.stdout.destroy();
        resolve({ kind: "noop", endpoint: m[1]!, pid: child.pid! });
      }
    });
    child.once("exit", (code) => reject(new Error(`noop-h2 exited with ${code}`)));
  }));
}

/** One request on an HTTP/2 session (many in flight at once), the body drained. */
function h2Request(session: ClientHttp2Session, req: RawRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ":method": req.method, ":path": req.path, ...req.headers, "content-length": String(Buffer.byteLength(req.body ?? "")) });
    stream.once("response", (headers) => {
      const status = Number(headers[":status"]);
      stream.on("data", () => undefined);
      stream.once("end", () => (status >= 400 ? reject(new Error(`HTTP ${status}`)) : resolve()));
    });
    stream.once("error", reject);
    stream.end(req.body);
  });
}

/**
 * PutRecord over HTTP/2 (cleartext, prior knowledge — what the Kinesis SDK always speaks to an
 * http:// endpoint): a raw client (one session, 32 streams in flight) and the SDK, against
 * local-aws and the no-op route served over h2c, with kinesalite (HTTP/1.1 only) over HTTP/1.1
 * for scale. Server CPU per op, the targets alternated within each round; ratios are this round's.
 */
async function putRecordOverHttp2(target: Target): Promise<Record<string, number | string>> {
  if (target.kind !== "local-aws") return { note: "measured in the local-aws line" };
  const noop = await startNoopH2();
  const kinesalite = h2Targets.get("kinesalite");
  const ops = 2000;
  const concurrency = 32;
  const rawRequest = (i: number): RawRequest => rawKinesis("PutRecord", { StreamName: PUT_STREAM, PartitionKey: `key-${i % 1000}`, Data: RECORD_B64 });
  const measure = async (t: Target, mode: "raw" | "sdk", n: number): Promise<RoundResult> => {
    if (t.kind === "kinesalite") {
      if (mode === "raw") return runRaw(t, rawRequest, concurrency, n);
      const k = kinesis(t);
      const r = await runSdk(t, (i) => k.send(new PutRecordCommand({ StreamName: PUT_STREAM, PartitionKey: `key-${i % 1000}`, Data: RECORD })).then(() => undefined), concurrency, n);
      k.destroy();
      return r;
    }
    if (mode === "raw") {
      const session = connect(t.endpoint);
      try {
        return await runSdk(t, (i) => h2Request(session, rawRequest(i)), concurrency, n);
      } finally {
        session.close();
      }
    }
    const k = new KinesisClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
    try {
      return await runSdk(t, (i) => k.send(new PutRecordCommand({ StreamName: PUT_STREAM, PartitionKey: `key-${i % 1000}`, Data: RECORD })).then(() => undefined), concurrency, n);
    } finally {
      k.destroy();
    }
  };
  const order: Target[] = [target, noop, ...(kinesalite ? [kinesalite] : [])];
  if (h2Round++ === 0) for (const t of order) for (const mode of ["raw", "sdk"] as const) await measure(t, mode, 500);
  if (h2Round % 2 === 0) order.reverse();
  const us = new Map<string, number>();
  for (const t of order) {
    for (const mode of ["raw", "sdk"] as const) {
      const r = await measure(t, mode, ops);
      if (r.errors > 0) throw new Error(`${t.kind} ${mode}: ${r.errors} errors (${r.firstError})`);
      us.set(`${t.kind} ${mode}`, r.cpuNs / r.ops / 1000);
    }
  }
  const out: Record<string, number | string> = {};
  const fix = (n: number | undefined, d: number): number => Number((n ?? NaN).toFixed(d));
  for (const mode of ["raw", "sdk"]) {
    const local = us.get(`local-aws ${mode}`)!;
    out[`${mode}_h2_us`] = fix(local, 1);
    out[`${mode}_noop_h2_us`] = fix(us.get(`noop ${mode}`), 1);
    out[`${mode}_vs_noop_h2`] = fix(local / us.get(`noop ${mode}`)!, 2);
    if (kinesalite) {
      out[`${mode}_kinesalite_h1_us`] = fix(us.get(`kinesalite ${mode}`), 1);
      out[`${mode}_vs_kinesalite_h1`] = fix(local / us.get(`kinesalite ${mode}`)!, 2);
    }
  }
  return out;
}

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
