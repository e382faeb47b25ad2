/**
 * `--enforce-iam on`: what enforcement costs a DynamoDB GetItem. A second local-aws is started
 * with `--enforce-iam on`; a role with a three-statement policy (Allow GetItem fenced by
 * dynamodb:LeadingKeys, Allow Query on the table's indexes, Deny DeleteItem) is assumed through
 * STS. The raw client sends GetItems to the permissive server (signed with the bench's own keys and
 * a session token of the same length: not verified) and to the enforcing one (signed with the
 * session: signature verified, session resolved, policy evaluated). Every request carries its own
 * signature (a fresh `amz-sdk-invocation-id`, as the SDK sends), signed before the round for both
 * servers alike: the round measures the servers, not the client's signing, and no request is a
 * replay. A round is SLICES turns per server, alternating which goes first, so that a change in the
 * machine's load moves both alike; then the same through the SDK (signing as it goes). Goal:
 * server CPU per request ≤ 1.25× the permissive one's (over the round), raw throughput ≥ 80% of it
 * (the median of the slices' ratios). Each line gives
 * the load average, the last one also the medians over the rounds.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { Pool } from "undici";
import { createHash, createHmac, randomUUID, type Hash, type Hmac } from "node:crypto";
import type { Socket } from "node:net";
import { loadavg } from "node:os";
import { cpuNs, startTarget, type RunningTarget } from "./targets.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const TABLE = "bench-iam";
/** Raw requests per server per round (a quarter as many through the SDK), sent in SLICES turns. */
const OPS = Number(process.env.BENCH_IAM_OPS ?? 8000);
const SLICES = 8;
const CONCURRENCY = 32;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
      Resource: `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}`,
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["user-1"] } },
    },
    { Effect: "Allow", Action: "dynamodb:Query", Resource: `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}/index/*` },
    { Effect: "Deny", Action: "dynamodb:DeleteItem", Resource: "*" },
  ],
};

/** SHA-256 (and its HMAC) for the SDK's signer, on node:crypto. */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = Sha256.create(secret);
  }
  private static create(secret: string | ArrayBuffer | ArrayBufferView | undefined): Hash | Hmac {
    if (secret === undefined) return createHash("sha256");
    return createHmac("sha256", typeof secret === "string" ? secret : Buffer.from(secret instanceof ArrayBuffer ? secret : secret.buffer.slice(secret.byteOffset, secret.byteOffset + secret.byteLength)));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = Sha256.create(this.secret);
  }
}

let enforcing: RunningTarget | undefined;
let enforcingCredentials: Credentials | undefined;

async function ensureTable(target: Target): Promise<void> {
  const ddb = new DynamoDBClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
  try {
    await ddb.send(new CreateTableCommand({ TableName: TABLE, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }));
  } catch (err) {
    if ((err as Error).name !== "ResourceInUseException") throw err;
  }
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1 }, { TableName: TABLE });
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "user-1" }, name: { S: "A reasonably typical item name" }, count: { N: "42" } } }));
  ddb.destroy();
}

async function startEnforcing(): Promise<{ target: RunningTarget; credentials: Credentials }> {
  if (!enforcing) {
    enforcing = await startTarget("local-aws", ["--enforce-iam", "on"]);
    const running = enforcing;
    // The runner stops the targets it started; this one goes with the bench's process, which it must not keep alive.
    process.once("exit", () => running.process.kill());
    running.process.unref();
    (running.process.stdout as Socket | null)?.unref();
    await ensureTable(running);
    const config = { endpoint: running.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 };
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] };
    const iam = new IAMClient(config);
    const sts = new STSClient(config);
    await iam.send(new CreateRoleCommand({ RoleName: "bench-reader", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "bench-reader", PolicyName: "reader", PolicyDocument: JSON.stringify(POLICY) }));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/bench-reader", RoleSessionName: "bench", DurationSeconds: 3600 }));
    // Open keep-alive sockets would keep the bench from exiting.
    iam.destroy();
    sts.destroy();
    enforcingCredentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  }
  return { target: enforcing, credentials: enforcingCredentials! };
}

/** GetItems signed as the SDK signs them, each with its own invocation id (so its own signature). */
async function signedGetItems(endpoint: string, credentials: Credentials, count: number): Promise<RawRequest[]> {
  const url = new URL(endpoint);
  const body = JSON.stringify({ TableName: TABLE, Key: { pk: { S: "user-1" } } });
  const signer = new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials, sha256: Sha256 });
  const out: RawRequest[] = [];
  for (let i = 0; i < count; i++) {
    const signed = await signer.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: {},
      headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem", "amz-sdk-invocation-id": randomUUID() },
      body,
    });
    out.push({ method: "POST", path: "/", headers: signed.headers, body });
  }
  return out;
}

/** What one server did over a round's slices: operations, seconds spent sending them, its CPU time. */
interface Tally {
  ops: number;
  seconds: number;
  cpuNs: number;
}

const tally = (): Tally => ({ ops: 0, seconds: 0, cpuNs: 0 });

/** `ops` operations, `CONCURRENCY` in flight, counted into `into` (throws on the first failure). */
async function slice(target: Target, op: (i: number) => Promise<void>, ops: number, into: Tally): Promise<number> {
  let next = 0;
  const cpu = cpuNs(target.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < ops; i = next++) await op(i);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  into.seconds += seconds;
  into.cpuNs += cpuNs(target.pid) - cpu;
  into.ops += ops;
  return ops / seconds;
}

/** Raw GetItems through a pool kept for the round. */
function rawSender(pool: Pool, requests: RawRequest[], offset: () => number): (i: number) => Promise<void> {
  return async (i) => {
    const req = requests[offset() + i]!;
    const res = await pool.request({ method: "POST", path: req.path, headers: req.headers, body: req.body });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number): number => Number(n.toFixed(2));
const cpuUs = (t: Tally): number => t.cpuNs / 1000 / t.ops;
const rate = (t: Tally): number => t.ops / t.seconds;

let warmed = false;
const history = { cpu: [] as number[], share: [] as number[], sdkCpu: [] as number[] };
export const workloads: Workload[] = [
  {
    name: "dynamodb GetItem, --enforce-iam on (3-statement policy) vs permissive (raw client)",
    targets: ["local-aws"],
    async custom(permissive) {
      const { target, credentials } = await startEnforcing();
      if (!warmed) await ensureTable(permissive);
      // The permissive server's requests carry a session token as long as the session's (ignored there), so both heads are the same size.
      const openCredentials: Credentials = { ...benchCredentials, sessionToken: "x".repeat(credentials.sessionToken?.length ?? 0) };
      // Signed before the round (for both servers alike), each request once.
      const open = await signedGetItems(permissive.endpoint, openCredentials, OPS);
      const enforced = await signedGetItems(target.endpoint, credentials, OPS);
      const sdkA = new DynamoDBClient({ endpoint: permissive.endpoint, region: "us-east-1", credentials: openCredentials, maxAttempts: 1 });
      const sdkB = new DynamoDBClient({ endpoint: target.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      const poolA = new Pool(permissive.endpoint, { connections: CONCURRENCY, pipelining: 1 });
      const poolB = new Pool(target.endpoint, { connections: CONCURRENCY, pipelining: 1 });
      try {
        const getItem = (ddb: DynamoDBClient) => () => ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "user-1" } } })).then(() => undefined);
        let offset = 0;
        const rawA = rawSender(poolA, open, () => offset);
        const rawB = rawSender(poolB, enforced, () => offset);
        const sliceOps = OPS / SLICES;
        if (!warmed) {
          // A fresh process's first thousands of requests carry its JIT warm-up (the enforcing server's
          // more code takes longer to settle): both servers get the same, twice over.
          for (let pass = 0; pass < 2; pass++) {
            for (offset = 0; offset < OPS; offset += sliceOps) {
              await slice(permissive, rawA, sliceOps, tally());
              await slice(target, rawB, sliceOps, tally());
            }
          }
          for (let i = 0; i < 4; i++) {
            await slice(permissive, getItem(sdkA), sliceOps / 4, tally());
            await slice(target, getItem(sdkB), sliceOps / 4, tally());
          }
          warmed = true;
          // The warm-up spent these signatures: sign the round's afresh.
          open.splice(0, OPS, ...(await signedGetItems(permissive.endpoint, openCredentials, OPS)));
          enforced.splice(0, OPS, ...(await signedGetItems(target.endpoint, credentials, OPS)));
        }
        // The two servers take turns slice by slice, each going first in every other slice: a change in the machine's load moves both alike.
        const a = tally();
        const b = tally();
        const sdkOpen = tally();
        const sdkEnforced = tally();
        // Throughput is compared slice by slice (the median of the pairs' ratios): one slice that the
        // machine's load stalled would otherwise decide a round.
        const shares: number[] = [];
        for (let n = 0; n < SLICES; n++) {
          offset = n * sliceOps;
          const first = n % 2 === 0;
          const rateA = first ? await slice(permissive, rawA, sliceOps, a) : 0;
          const rateB = await slice(target, rawB, sliceOps, b);
          shares.push(rateB / (first ? rateA : await slice(permissive, rawA, sliceOps, a)));
          if (!first) await slice(target, getItem(sdkB), sliceOps / 4, sdkEnforced);
          await slice(permissive, getItem(sdkA), sliceOps / 4, sdkOpen);
          if (first) await slice(target, getItem(sdkB), sliceOps / 4, sdkEnforced);
        }
        const share = median(shares);
        history.cpu.push(cpuUs(b) / cpuUs(a));
        history.share.push(share);
        history.sdkCpu.push(cpuUs(sdkEnforced) / cpuUs(sdkOpen));
        return {
          "load avg": round2(loadavg()[0]!),
          "permissive CPU µs/op": Math.round(cpuUs(a)),
          "enforced CPU µs/op": Math.round(cpuUs(b)),
          "CPU ratio (goal ≤ 1.25)": round2(cpuUs(b) / cpuUs(a)),
          "permissive ops/s": Math.round(rate(a)),
          "enforced ops/s": Math.round(rate(b)),
          "throughput share (goal ≥ 0.80)": round2(share),
          "SDK: permissive CPU µs/op": Math.round(cpuUs(sdkOpen)),
          "SDK: enforced CPU µs/op": Math.round(cpuUs(sdkEnforced)),
          "SDK: CPU ratio": round2(cpuUs(sdkEnforced) / cpuUs(sdkOpen)),
          "median so far: CPU ratio": round2(median(history.cpu)),
          "median so far: throughput share": round2(median(history.share)),
          "median so far: SDK CPU ratio": round2(median(history.sdkCpu)),
        };
      } finally {
        sdkA.destroy();
        sdkB.destroy();
        await Promise.all([poolA.close(), poolB.close()]);
      }
    },
  },
];
