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

/**
 * One request through undici's dispatcher with a minimal handler: the request API's Readable body
 * and header parsing cost the benchmark's own client ~30% of its CPU, on the two cores it shares
 * with the server. Rejects on an HTTP error; resolves to the response's text.
 */
function post(pool: Pool, action: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    pool.dispatch(
      { method: "POST", path: "/", headers: ["content-type", "application/x-amz-json-1.0", "x-amz-target", `AmazonSQS.${action}`, "x-amzn-query-mode", "true"], body },
      {
        onConnect: () => undefined,
        onHeaders: (statusCode: number) => ((status = statusCode), true),
        onData: (chunk: Buffer) => (chunks.push(chunk), true),
        onComplete: () => {
          const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
          if (status >= 400) reject(new Error(`${action}: HTTP ${status} ${text}`));
          else resolve(text);
        },
        onError: reject,
      },
    );
  });
}

async function call<T>(pool: Pool, action: string, input: unknown): Promise<T> {
  return JSON.parse(await post(pool, action, JSON.stringify(input))) as T;
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

/** JSON.stringify(batchOf10(url, i)), built as text. */
function batchOf10Text(url: string, i: number): string {
  const body = JSON.stringify(`${i}:${BODY}`);
  let text = `{"QueueUrl":${JSON.stringify(url)},"Entries":[`;
  for (let j = 0; j < 10; j++) text += `${j === 0 ? "" : ","}{"Id":"m${j}","MessageBody":${body}}`;
  return `${text}]}`;
}
if (batchOf10Text("http://h/1/q", 7) !== JSON.stringify(batchOf10("http://h/1/q", 7))) throw new Error("bench/queue.ts: raw bodies differ from the SDK input");

export interface Client {
  send(url: string, i: number): Promise<void>;
  /** Receives up to 10 (long polling 1 s) and deletes them; returns how many. */
  consume(url: string): Promise<number>;
  close(): Promise<void>;
}

/** A batch result must name every entry as successful. */
function expectAllSuccessful(action: string, text: string, n: number): void {
  const result = JSON.parse(text) as { Successful?: unknown[]; Failed?: unknown[] };
  if (result.Successful?.length !== n || (result.Failed?.length ?? 0) > 0) throw new Error(`${action}: ${text}`);
}

/**
 * Request bodies are built as text (the same bytes JSON.stringify of the SDK's input gives, checked
 * by the "raw bodies" assertion below), every answer is parsed and checked.
 */
export function rawClient(t: Target): Client {
  const pool = new Pool(t.endpoint, { connections: 16 });
  const receiveBody = (url: string) => JSON.stringify({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
  return {
    async send(url, i) {
      expectAllSuccessful("SendMessageBatch", await post(pool, "SendMessageBatch", batchOf10Text(url, i)), 10);
    },
    async consume(url) {
      const got = JSON.parse(await post(pool, "ReceiveMessage", receiveBody(url))) as { Messages?: { ReceiptHandle: string }[] };
      const messages = got.Messages ?? [];
      if (messages.length === 0) return 0;
      let body = `{"QueueUrl":${JSON.stringify(url)},"Entries":[`;
      for (let j = 0; j < messages.length; j++) body += `${j === 0 ? "" : ","}{"Id":"d${j}","ReceiptHandle":${JSON.stringify(messages[j]!.ReceiptHandle)}}`;
      expectAllSuccessful("DeleteMessageBatch", await post(pool, "DeleteMessageBatch", `${body}]}`), messages.length);
      return messages.length;
    },
    close: () => pool.close(),
  };
}

export function sdkClient(t: Target): Client {
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
export async function endToEnd(t: Target, client: Client, total: number): Promise<Record<string, number>> {
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
  if (consumed !== total) throw new Error(`end to end: ${consumed} messages received and deleted, ${total} sent`);
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
    // Like the other workloads' warm-up: the first run of a fresh process carries its JIT warm-up
    // (measured 8.0k msg/s at 72 µs/msg, then 10-11k at 36-47 µs/msg on the same server).
    setup: async (t) => void (await endToEnd(t, rawClient(t), 20_000)),
    custom: async (t) => {
      const raw = await endToEnd(t, rawClient(t), Number(process.env.QUEUE_BENCH_MESSAGES ?? 40_000));
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
