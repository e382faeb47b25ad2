/**
 * CloudFront workloads (raw client, 32 in flight, a 4 KiB S3 object): a cache hit, a hit behind a
 * viewer-request rewrite function, a miss on every request (CachingDisabled, so each one reads
 * S3 through the ObjectReader port), and S3 GetObject of the same object for the miss's ratio.
 */
import { CloudFrontClient, CreateDistributionCommand, CreateFunctionCommand, PublishFunctionCommand } from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const BUCKET = "edge-bench";
const KEY = "asset.bin";
const SIZE = 4 * 1024;
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/** Per local-aws endpoint (an A/B run starts two builds side by side). */
const distributionIds = new Map<string, string>();
const setUps = new Map<string, Promise<void>>();

async function createDistribution(t: Target): Promise<void> {
  const config = { endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: Buffer.alloc(SIZE, 7), ContentType: "application/octet-stream" }));
  for (const prefix of ["fn/", "miss/"]) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}${KEY}`, Body: Buffer.alloc(SIZE, 7), ContentType: "application/octet-stream" }));
  const cf = new CloudFrontClient(config);
  const code = "function handler(event) { var r = event.request; if (r.uri.indexOf('/rewrite/') === 0) r.uri = '/fn/' + r.uri.slice(9); return r; }";
  const fn = await cf.send(new CreateFunctionCommand({ Name: "bench-rewrite", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0" }, FunctionCode: new TextEncoder().encode(code) }));
  await cf.send(new PublishFunctionCommand({ Name: "bench-rewrite", IfMatch: fn.ETag }));
  const arn = fn.FunctionSummary!.FunctionMetadata!.FunctionARN!;
  const out = await cf.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: "edge-bench",
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: `${BUCKET}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: "" } }] },
        DefaultCacheBehavior: { TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", CachePolicyId: CACHING_OPTIMIZED },
        CacheBehaviors: {
          Quantity: 2,
          Items: [
            { PathPattern: "/miss/*", TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", CachePolicyId: CACHING_DISABLED },
            {
              PathPattern: "/rewrite/*",
              TargetOriginId: "s3",
              ViewerProtocolPolicy: "allow-all",
              CachePolicyId: CACHING_OPTIMIZED,
              FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: arn, EventType: "viewer-request" }] },
            },
          ],
        },
      },
    }),
  );
  distributionIds.set(t.endpoint, out.Distribution!.Id!);
}

function setup(t: Target): Promise<void> {
  if (t.kind !== "local-aws") return Promise.resolve();
  let once = setUps.get(t.endpoint);
  if (!once) setUps.set(t.endpoint, (once = createDistribution(t)));
  return once;
}

function edgeGet(path: string): (t: Target) => (i: number) => RawRequest {
  return (t) => {
    const request: RawRequest = { method: "GET", path: t.kind === "local-aws" ? `/_aws/cloudfront/${distributionIds.get(t.endpoint)!}${path}` : path, headers: { "x-noop-bytes": String(SIZE) } };
    return () => request;
  };
}

class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac("sha256", toBuffer(secret)) : createHash("sha256");
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** S3 GetObject of the same object, signed once (the miss row's yardstick). */
const s3Requests = new Map<string, RawRequest>();
async function signedGet(t: Target): Promise<void> {
  await setup(t);
  const url = new URL(t.endpoint);
  const path = `/${BUCKET}/${KEY}`;
  const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials: benchCredentials, sha256: NodeSha256, uriEscapePath: false });
  const req = await signer.sign({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-noop-bytes": String(SIZE) } });
  s3Requests.set(t.endpoint, { method: "GET", path, headers: req.headers as Record<string, string> });
}

const common = { targets: ["local-aws", "noop"] as Workload["targets"], concurrency: 32, opsPerRound: 4000, warmUp: 2000 };

export const workloads: Workload[] = [
  { name: "cloudfront Hit (4 KiB)", ...common, setup, raw: edgeGet(`/${KEY}`) },
  { name: "cloudfront Hit behind a viewer-request rewrite function (4 KiB)", ...common, setup, raw: edgeGet(`/rewrite/${KEY}`) },
  { name: "cloudfront Miss, S3 origin (4 KiB, CachingDisabled)", ...common, setup, raw: edgeGet(`/miss/${KEY}`) },
  { name: "s3 GetObject (4 KiB, the Miss row's yardstick)", ...common, setup: signedGet, raw: (t) => () => s3Requests.get(t.endpoint)! },
];
