/**
 * `--enforce-iam on`: what enforcement costs a DynamoDB GetItem. A second local-aws is started
 * with `--enforce-iam on`; a role with a three-statement policy (Allow GetItem fenced by
 * dynamodb:LeadingKeys, Allow Query on the table's indexes, Deny DeleteItem) is assumed through
 * STS, and the same GetItem — correctly signed, so the enforcing server verifies the signature,
 * resolves the session and evaluates the policy on every request — is replayed by the raw client
 * against the permissive server (signed with the bench's own keys: not verified) and the
 * enforcing one, alternately, round by round (that replay is answered by the verified-signature
 * memo); then GetItems through the SDK, each freshly signed, so fully verified. Goal: server CPU
 * per request ≤ 1.25× the permissive one's, raw throughput ≥ 80% of it.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
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
}

async function startEnforcing(): Promise<{ target: RunningTarget; credentials: Credentials }> {
  if (!enforcing) {
    enforcing = await startTarget("local-aws", ["--enforce-iam", "on"]);
    const running = enforcing;
    process.once("exit", () => running.process.kill());
    await ensureTable(running);
    const config = { endpoint: running.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 };
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] };
    await new IAMClient(config).send(new CreateRoleCommand({ RoleName: "bench-reader", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await new IAMClient(config).send(new PutRolePolicyCommand({ RoleName: "bench-reader", PolicyName: "reader", PolicyDocument: JSON.stringify(POLICY) }));
    const out = await new STSClient(config).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/bench-reader", RoleSessionName: "bench", DurationSeconds: 3600 }));
    enforcingCredentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  }
  return { target: enforcing, credentials: enforcingCredentials! };
}

/** A GetItem signed as the SDK signs it (valid for the 15 minutes of allowed skew: replayed as is). */
async function signedGetItem(endpoint: string, credentials: Credentials): Promise<RawRequest> {
  const url = new URL(endpoint);
  const body = JSON.stringify({ TableName: TABLE, Key: { pk: { S: "user-1" } } });
  const signer = new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" },
    body,
  });
  return { method: "POST", path: "/", headers: signed.headers, body };
}

function perOp(r: RoundResult): { cpuUs: number; opsPerSecond: number } {
  if (r.errors > 0) throw new Error(`${r.errors} requests failed: ${r.firstError ?? ""}`);
  return { cpuUs: r.cpuNs / 1000 / r.ops, opsPerSecond: r.ops / r.seconds };
}

let warmed = false;
let round = 0;

export const workloads: Workload[] = [
  {
    name: "dynamodb GetItem, --enforce-iam on (3-statement policy) vs permissive (raw client)",
    targets: ["local-aws"],
    async custom(permissive) {
      const { target, credentials } = await startEnforcing();
      if (!warmed) await ensureTable(permissive);
      const open = await signedGetItem(permissive.endpoint, benchCredentials);
      const enforced = await signedGetItem(target.endpoint, credentials);
      if (!warmed) {
        await runRaw(permissive, () => open, CONCURRENCY, OPS);
        await runRaw(target, () => enforced, CONCURRENCY, OPS);
        warmed = true;
      }
      // Alternate which server goes first: on a loaded machine the order alone moves a round's figures.
      const enforcedFirst = (round++ & 1) === 1;
      const b0 = enforcedFirst ? perOp(await runRaw(target, () => enforced, CONCURRENCY, OPS)) : undefined;
      const a = perOp(await runRaw(permissive, () => open, CONCURRENCY, OPS));
      const b = b0 ?? perOp(await runRaw(target, () => enforced, CONCURRENCY, OPS));
      // Through the SDK every request carries a fresh signature (a new invocation id): full verification each time.
      const sdkOp = (endpoint: string, c: Credentials) => {
        const ddb = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: c, maxAttempts: 1 });
        return () => ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "user-1" } } })).then(() => undefined);
      };
      const sdkA = perOp(await runSdk(permissive, sdkOp(permissive.endpoint, benchCredentials), CONCURRENCY, OPS / 4));
      const sdkB = perOp(await runSdk(target, sdkOp(target.endpoint, credentials), CONCURRENCY, OPS / 4));
      return {
        "SDK: permissive CPU µs/op": Math.round(sdkA.cpuUs),
        "SDK: enforced CPU µs/op": Math.round(sdkB.cpuUs),
        "SDK: CPU ratio": Number((sdkB.cpuUs / sdkA.cpuUs).toFixed(2)),
        "permissive CPU µs/op": Math.round(a.cpuUs),
        "enforced CPU µs/op": Math.round(b.cpuUs),
        "CPU ratio (goal ≤ 1.25)": Number((b.cpuUs / a.cpuUs).toFixed(2)),
        "permissive ops/s": Math.round(a.opsPerSecond),
        "enforced ops/s": Math.round(b.opsPerSecond),
        "throughput share (goal ≥ 0.80)": Number((b.opsPerSecond / a.opsPerSecond).toFixed(2)),
      };
    },
  },
];
