/**
 * S3 workloads: 4 KiB and 1 MiB PutObject/GetObject, 64 MiB GetObject, and a 1 GB PUT/GET RSS
 * figure. Every target gets the S3RVER key pair (the only one s3rver accepts); raw requests are
 * signed once with SigV4 (UNSIGNED-PAYLOAD), since s3rver verifies signatures.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { request } from "node:http";
import { Readable } from "node:stream";
import { rssMb } from "./targets.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const BUCKET = "bench";
const KiB = 1024;
const MiB = 1024 * KiB;

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials: benchCredentials, sha256: NodeSha256, uriEscapePath: false });
const clients = new Map<string, S3Client>();

function client(t: Target): S3Client {
  let c = clients.get(t.endpoint);
  if (!c) {
    c = new S3Client({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, forcePathStyle: true });
    clients.set(t.endpoint, c);
  }
  return c;
}

/** A request signed once (the same bytes every time). */
async function signed(t: Target, method: string, path: string, extra: Record<string, string> = {}): Promise<RawRequest> {
  const url = new URL(t.endpoint);
  const req = await signer.sign({
    method,
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD", ...extra },
  });
  return { method, path, headers: req.headers as Record<string, string> };
}

async function ensureBucket(t: Target): Promise<void> {
  if (t.kind === "noop") return;
  try {
    await client(t).send(new CreateBucketCommand({ Bucket: BUCKET }));
  } catch (err) {
    if (!/BucketAlready/.test((err as Error).name)) throw err;
  }
}

function putWorkload(size: number, label: string): Workload {
  const body = Buffer.alloc(size, 7);
  const key = `put-${size}`;
  const raw = new Map<string, RawRequest>();
  return {
    name: `s3 PutObject ${label}`,
    targets: ["local-aws", "s3rver", "noop"],
    concurrency: size >= MiB ? 8 : 32,
    opsPerRound: size >= MiB ? 300 : 2000,
    warmUp: size >= MiB ? 100 : 2000,
    async setup(t) {
      await ensureBucket(t);
      raw.set(t.endpoint, { ...(await signed(t, "PUT", `/${BUCKET}/${key}`, { "content-length": String(size) })), body });
    },
    sdk: (t) => async () => {
      await client(t).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    },
    raw: (t) => () => raw.get(t.endpoint)!,
  };
}

function getWorkload(size: number, label: string, concurrency: number, opsPerRound: number): Workload {
  const key = `get-${size}`;
  const raw = new Map<string, RawRequest>();
  return {
    name: `s3 GetObject ${label}`,
    targets: ["local-aws", "s3rver", "noop"],
    concurrency,
    opsPerRound,
    warmUp: Math.min(opsPerRound, 2000),
    async setup(t) {
      await ensureBucket(t);
      if (t.kind !== "noop") await client(t).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.alloc(size, 7) }));
      raw.set(t.endpoint, await signed(t, "GET", `/${BUCKET}/${key}`, { "x-noop-bytes": String(size) }));
    },
    sdk: (t) => async () => {
      const out = await client(t).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      for await (const _chunk of out.Body as Readable) {
        // drain
      }
    },
    raw: (t) => () => raw.get(t.endpoint)!,
  };
}

/** Streams `size` bytes up and back down, sampling the server's RSS; returns the peak. */
async function bigRoundTrip(t: Target, size: number): Promise<Record<string, number>> {
  const url = new URL(t.endpoint);
  let peak = rssMb(t.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(t.pid))), 50);
  const started = performance.now();
  try {
    const put = await signed(t, "PUT", `/${BUCKET}/one-gigabyte`, { "content-length": String(size) });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: "PUT", path: put.path, headers: put.headers }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${res.statusCode}`))));
      });
      req.on("error", reject);
      const chunk = Buffer.alloc(MiB, 1);
      Readable.from((function* () {
        for (let sent = 0; sent < size; sent += MiB) yield chunk;
      })()).pipe(req);
    });
    const putSeconds = (performance.now() - started) / 1000;
    const get = await signed(t, "GET", `/${BUCKET}/one-gigabyte`);
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      request({ host: url.hostname, port: url.port, method: "GET", path: get.path, headers: get.headers }, (res) => {
        res.on("data", (c: Buffer) => (received += c.length));
        res.on("end", () => (received === size ? resolve() : reject(new Error(`GET returned ${received} bytes`))));
      })
        .on("error", reject)
        .end();
    });
    return { putSeconds: Math.round(putSeconds * 10) / 10, getSeconds: Math.round(((performance.now() - started) / 1000 - putSeconds) * 10) / 10, peakRssMb: Math.round(peak) };
  } finally {
    clearInterval(sampler);
  }
}

export const workloads: Workload[] = [
  putWorkload(4 * KiB, "4 KiB"),
  getWorkload(4 * KiB, "4 KiB", 32, 2000),
  putWorkload(MiB, "1 MiB"),
  getWorkload(MiB, "1 MiB", 8, 300),
  getWorkload(64 * MiB, "64 MiB", 2, 12),
  {
    name: "s3 1 GB PutObject + GetObject (server RSS)",
    targets: ["local-aws"],
    setup: ensureBucket,
    custom: (t) => bigRoundTrip(t, 1024 * MiB),
  },
];
