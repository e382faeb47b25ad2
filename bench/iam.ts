/**
 * `--enforce-iam on`: what enforcement costs a DynamoDB GetItem. A second local-aws is started
 * with `--enforce-iam on`; a role with a three-statement policy (Allow GetItem fenced by
 * dynamodb:LeadingKeys, Allow Query on the table's indexes, Deny DeleteItem) is assumed through
 * STS. Each round, the raw client sends GetItems to the permissive server (signed with the bench's
 * own keys: not verified) and to the enforcing one (signed with the session: signature verified,
 * session resolved, policy evaluated), alternating which goes first. Every request carries its own
 * signature (a fresh `amz-sdk-invocation-id`, as the SDK sends), signed before the round starts for
 * both servers alike: the round measures the servers, not the client's signing, and no request is a
 * replay the enforcing server has verified before. Then GetItems through the SDK (signed as they
 * go). Goal: server CPU per request ≤ 1.25× the permissive one's, raw throughput ≥ 80% of it. The
 * last round's line also gives the medians over the rounds so far, and each line the load average.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, randomUUID, type Hash, type Hmac } from "node:crypto";
import type { Socket } from "node:net";
import { loadavg } from "node:os";
import { runRaw, runSdk, type RoundResult } from "./measure.js";
import { startTarget, type RunningTarget } from "./targets.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const TABLE = "bench-iam";
const OPS = Number(process.env.BENCH_IAM_OPS ?? 4000);
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

function perOp(r: RoundResult): { cpuUs: number; opsPerSecond: number } {
  if (r.errors > 0) throw new Error(`${r.errors} requests failed: ${r.firstError ?? ""}`);
  return { cpuUs: r.cpuNs / 1000 / r.ops, opsPerSecond: r.ops / r.seconds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number): number => Number(n.toFixed(2));

let warmed = false;
let round = 0;
const history = { cpu: [] as number[], share: [] as number[], sdkCpu: [] as number[] };

export const workloads: Workload[] = [
  {
    name: "dynamodb GetItem, --enforce-iam on (3-statement policy) vs permissive (raw client)",
    targets: ["local-aws"],
    async custom(permissive) {
      const { target, credentials } = await startEnforcing();
      if (!warmed) await ensureTable(permissive);
      // Signed before the round (for both servers alike), each request once.
      // The permissive server's requests carry a session token as long as the session's (ignored there), so both heads are the same size.
      const openCredentials: Credentials = { ...benchCredentials, sessionToken: "x".repeat(credentials.sessionToken?.length ?? 0) };
      const open = await signedGetItems(permissive.endpoint, openCredentials, OPS);
      const enforced = await signedGetItems(target.endpoint, credentials, OPS);
      const sdkA = new DynamoDBClient({ endpoint: permissive.endpoint, region: "us-east-1", credentials: openCredentials, maxAttempts: 1 });
      const sdkB = new DynamoDBClient({ endpoint: target.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      try {
        const getItem = (ddb: DynamoDBClient) => () => ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "user-1" } } })).then(() => undefined);
        if (!warmed) {
          // A fresh process's first thousands of requests carry its JIT warm-up: both servers get the same.
          const warmOpen = await signedGetItems(permissive.endpoint, openCredentials, OPS);
          const warmEnforced = await signedGetItems(target.endpoint, credentials, OPS);
          await runRaw(permissive, (i) => warmOpen[i]!, CONCURRENCY, OPS);
          await runRaw(target, (i) => warmEnforced[i]!, CONCURRENCY, OPS);
          await runSdk(permissive, getItem(sdkA), CONCURRENCY, OPS / 4);
          await runSdk(target, getItem(sdkB), CONCURRENCY, OPS / 4);
          warmed = true;
        }
        // Alternate which server goes first: on a loaded machine the order alone moves a round's figures.
        const enforcedFirst = (round++ & 1) === 1;
        const b0 = enforcedFirst ? perOp(await runRaw(target, (i) => enforced[i]!, CONCURRENCY, OPS)) : undefined;
        const a = perOp(await runRaw(permissive, (i) => open[i]!, CONCURRENCY, OPS));
        const b = b0 ?? perOp(await runRaw(target, (i) => enforced[i]!, CONCURRENCY, OPS));
        const sdkB0 = enforcedFirst ? perOp(await runSdk(target, getItem(sdkB), CONCURRENCY, OPS / 4)) : undefined;
        const sdkOpen = perOp(await runSdk(permissive, getItem(sdkA), CONCURRENCY, OPS / 4));
        const sdkEnforced = sdkB0 ?? perOp(await runSdk(target, getItem(sdkB), CONCURRENCY, OPS / 4));
        history.cpu.push(b.cpuUs / a.cpuUs);
        history.share.push(b.opsPerSecond / a.opsPerSecond);
        history.sdkCpu.push(sdkEnforced.cpuUs / sdkOpen.cpuUs);
        return {
          "load avg": round2(loadavg()[0]!),
          "permissive CPU µs/op": Math.round(a.cpuUs),
          "enforced CPU µs/op": Math.round(b.cpuUs),
          "CPU ratio (goal ≤ 1.25)": round2(b.cpuUs / a.cpuUs),
          "permissive ops/s": Math.round(a.opsPerSecond),
          "enforced ops/s": Math.round(b.opsPerSecond),
          "throughput share (goal ≥ 0.80)": round2(b.opsPerSecond / a.opsPerSecond),
          "SDK: permissive CPU µs/op": Math.round(sdkOpen.cpuUs),
          "SDK: enforced CPU µs/op": Math.round(sdkEnforced.cpuUs),
          "SDK: CPU ratio": round2(sdkEnforced.cpuUs / sdkOpen.cpuUs),
          "median so far: CPU ratio": round2(median(history.cpu)),
          "median so far: throughput share": round2(median(history.share)),
          "median so far: SDK CPU ratio": round2(median(history.sdkCpu)),
        };
      } finally {
        sdkA.destroy();
        sdkB.destroy();
      }
    },
  },
];
