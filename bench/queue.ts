/**
 * SQS workloads: SendMessageBatch and ReceiveMessage/DeleteMessageBatch as single requests, and
 * two end-to-end figures — 8 producers + 8 consumers moving messages through one queue (raw
 * undici client and SDK), and how soon a long-polling receiver gets a message after its send.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Pool } from "undici";
import { percentile } from "./measure.js";
import { cpuNs } from "./targets.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const ACCOUNT = "000000000000";
const BODY = "x".repeat(256);
const queueUrl = (t: Target, name: string) => `${t.endpoint}/${ACCOUNT}/${name}`;

function jsonRequest(action: string, input: unknown): RawRequest {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${action}`, "x-amzn-query-mode": "true" },
    body: JSON.stringify(input),
  };
}

async function call<T>(pool: Pool, action: string, input: unknown): Promise<T> {
  const req = jsonRequest(action, input);
  const res = await pool.request({ method: "POST", path: "/", headers: req.headers, body: req.body });
  const text = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`${action}: HTTP ${res.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

async function createQueue(t: Target, name: string, attributes: Record<string, string> = {}): Promise<string> {
  const pool = new Pool(t.endpoint, { connections: 1 });
  try {
    return (await call<{ QueueUrl: string }>(pool, "CreateQueue", { QueueName: name, Attributes: attributes })).QueueUrl;
  } finally {
    await pool.close();
  }
}

const batchOf10 = (url: string, i: number) => ({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `${i}:${BODY}` })) });

interface Client {
  send(url: string, i: number): Promise<void>;
  /** Receives up to 10 (long polling 1 s) and deletes them; returns how many. */
  consume(url: string): Promise<number>;
  close(): Promise<void>;
}

function rawClient(t: Target): Client {
  const pool = new Pool(t.endpoint, { connections: 16 });
  return {
    async send(url, i) {
      await call(pool, "SendMessageBatch", batchOf10(url, i));
    },
    async consume(url) {
      const got = await call<{ Messages?: { ReceiptHandle: string }[] }>(pool, "ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
      const messages = got.Messages ?? [];
      if (messages.length > 0) await call(pool, "DeleteMessageBatch", { QueueUrl: url, Entries: messages.map((m, j) => ({ Id: `d${j}`, ReceiptHandle: m.ReceiptHandle })) });
      return messages.length;
    },
    close: () => pool.close(),
  };
}

function sdkClient(t: Target): Client {
  const sqs = new SQSClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials });
  return {
    async send(url, i) {
      await sqs.send(new SendMessageBatchCommand(batchOf10(url, i)));
    },
    async consume(url) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const messages = got.Messages ?? [];
      if (messages.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, j) => ({ Id: `d${j}`, ReceiptHandle: m.ReceiptHandle })) }));
      return messages.length;
    },
    close: async () => sqs.destroy(),
  };
}

/** 8 producers send `total` messages in batches of 10 while 8 consumers receive and delete them. */
async function endToEnd(t: Target, client: Client, total: number): Promise<Record<string, number>> {
  const url = await createQueue(t, `e2e-${Math.random().toString(16).slice(2)}`);
  const batches = total / 10;
  let nextBatch = 0;
  let consumed = 0;
  const cpuBefore = cpuNs(t.pid);
  const started = performance.now();
  const producers = Array.from({ length: 8 }, async () => {
    while (nextBatch < batches) await client.send(url, nextBatch++);
  });
  const consumers = Array.from({ length: 8 }, async () => {
    while (consumed < total) {
      // Not `consumed += await ...`: that would read `consumed` before the await and lose updates.
      const n = await client.consume(url);
      consumed += n;
    }
  });
  await Promise.all([...producers, ...consumers]);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuNs(t.pid) - cpuBefore;
  await client.close();
  return { messages: consumed, messagesPerSecond: Math.round(consumed / seconds), serverCpuUsPerMessage: Math.round(cpu / consumed / 100) / 10 };
}

/** A receiver long-polls an empty queue; the time from the send's start to the receive's end. */
async function longPollLatency(t: Target, samples: number): Promise<Record<string, number>> {
  const url = await createQueue(t, `lp-${Math.random().toString(16).slice(2)}`);
  const pool = new Pool(t.endpoint, { connections: 2 });
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const receiving = call<{ Messages?: unknown[] }>(pool, "ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 20 });
    // Let the receive reach the server and start waiting before sending.
    await new Promise((r) => setTimeout(r, 20));
    const sentAt = performance.now();
    await call(pool, "SendMessage", { QueueUrl: url, MessageBody: "ping" });
    const got = await receiving;
    latencies.push(performance.now() - sentAt);
    const handle = (got.Messages?.[0] as { ReceiptHandle: string } | undefined)?.ReceiptHandle;
    if (handle) await call(pool, "DeleteMessage", { QueueUrl: url, ReceiptHandle: handle });
  }
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { samples, p50Ms: Math.round(percentile(latencies, 50) * 100) / 100, p99Ms: Math.round(percentile(latencies, 99) * 100) / 100 };
}

export const workloads: Workload[] = [
  {
    name: "sqs SendMessageBatch (10 x 256 B)",
    targets: ["local-aws", "noop"],
    concurrency: 16,
    opsPerRound: 1000,
    setup: async (t) => {
      if (t.kind === "local-aws") await createQueue(t, "bench-send");
    },
    sdk: (t) => {
      if (t.kind !== "local-aws") return undefined;
      const sqs = new SQSClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials });
      return async (i) => void (await sqs.send(new SendMessageBatchCommand(batchOf10(queueUrl(t, "bench-send"), i))));
    },
    raw: (t) => (i) => jsonRequest("SendMessageBatch", batchOf10(queueUrl(t, "bench-send"), i)),
  },
  {
    name: "sqs ReceiveMessage (10, visibility 0) from a 10,000-message queue",
    targets: ["local-aws"],
    concurrency: 16,
    opsPerRound: 1000,
    setup: async (t) => {
      const url = await createQueue(t, "bench-receive", { VisibilityTimeout: "0" });
      const pool = new Pool(t.endpoint, { connections: 8 });
      await Promise.all(Array.from({ length: 1000 }, (_, i) => call(pool, "SendMessageBatch", batchOf10(url, i))));
      await pool.close();
    },
    sdk: (t) => {
      const sqs = new SQSClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials });
      return async () => void (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(t, "bench-receive"), MaxNumberOfMessages: 10 })));
    },
    raw: (t) => () => jsonRequest("ReceiveMessage", { QueueUrl: queueUrl(t, "bench-receive"), MaxNumberOfMessages: 10 }),
  },
  {
    name: "sqs end to end: 8 producers (SendMessageBatch 10) + 8 consumers (ReceiveMessage 10 long polling, DeleteMessageBatch)",
    targets: ["local-aws"],
    custom: async (t) => {
      const raw = await endToEnd(t, rawClient(t), Number(process.env.QUEUE_BENCH_MESSAGES ?? 20_000));
      const sdk = await endToEnd(t, sdkClient(t), 10_000);
      return {
        rawMessagesPerSecond: raw.messagesPerSecond!,
        rawServerCpuUsPerMessage: raw.serverCpuUsPerMessage!,
        sdkMessagesPerSecond: sdk.messagesPerSecond!,
        sdkServerCpuUsPerMessage: sdk.serverCpuUsPerMessage!,
      };
    },
  },
  {
    name: "sqs long-poll delivery latency (send → waiting receiver)",
    targets: ["local-aws"],
    custom: (t) => longPollLatency(t, 50),
  },
];
