import {
  CloudFrontClient,
  CreateCachePolicyCommand,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateInvalidationCommand,
  CreateKeyValueStoreCommand,
  GetCachePolicyCommand,
  GetDistributionCommand,
  ListInvalidationsCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
} from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

describe("CloudFront across a restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "local-aws-edge-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cf = (aws: LocalAws): CloudFrontClient => new CloudFrontClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });

  it("keeps distributions, ETags, invalidations and published functions; the edge cache starts cold", async () => {
    const first = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    let id = "";
    let etag = "";
    try {
      const s3 = new S3Client({ endpoint: first.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1 });
      await s3.send(new CreateBucketCommand({ Bucket: "kept" }));
      await s3.send(new PutObjectCommand({ Bucket: "kept", Key: "a/index.html", Body: "kept page", ContentType: "text/html" }));
      const fn = await cf(first).send(new CreateFunctionCommand({ Name: "idx", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0" }, FunctionCode: new TextEncoder().encode("function handler(e) { var r = e.request; if (r.uri.endsWith('/')) r.uri += 'index.html'; return r; }") }));
      await cf(first).send(new PublishFunctionCommand({ Name: "idx", IfMatch: fn.ETag }));
      const out = await cf(first).send(
        new CreateDistributionCommand({
          DistributionConfig: {
            CallerReference: "restart-1",
            Comment: "",
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "kept.s3.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
            DefaultCacheBehavior: {
              TargetOriginId: "s3",
              ViewerProtocolPolicy: "allow-all",
              CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
              FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: fn.FunctionSummary!.FunctionMetadata!.FunctionARN!, EventType: "viewer-request" }] },
            },
          },
        }),
      );
      id = out.Distribution!.Id!;
      etag = out.ETag!;
      await cf(first).send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: "i", Paths: { Quantity: 1, Items: ["/*"] } } }));
      expect((await fetch(`${first.endpoint}/_aws/cloudfront/${id}/a/`)).headers.get("x-cache")).toBe("Miss from cloudfront");
      expect((await fetch(`${first.endpoint}/_aws/cloudfront/${id}/a/`)).headers.get("x-cache")).toBe("Hit from cloudfront");
    } finally {
      await first.stop();
    }

    const second = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    try {
      const got = await cf(second).send(new GetDistributionCommand({ Id: id }));
      expect(got.ETag).toBe(etag);
      expect((await cf(second).send(new ListInvalidationsCommand({ DistributionId: id }))).InvalidationList?.Quantity).toBe(1);
      const res = await fetch(`${second.endpoint}/_aws/cloudfront/${id}/a/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("kept page");
      expect(res.headers.get("x-cache")).toBe("Miss from cloudfront");
    } finally {
      await second.stop();
    }
  });

  it("keeps cache policies and KeyValueStores: functions read the store's keys after a restart", async () => {
    const first = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    let policyId = "";
    let fnEtag = "";
    try {
      const s3 = new S3Client({ endpoint: first.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1 });
      await s3.send(new CreateBucketCommand({ Bucket: "kvs-kept" }));
      await s3.send(new PutObjectCommand({ Bucket: "kvs-kept", Key: "k.json", Body: JSON.stringify({ data: [{ key: "color", value: "teal" }] }) }));
      const kvs = await cf(first).send(new CreateKeyValueStoreCommand({ Name: "kept", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::kvs-kept/k.json" } }));
      const code = "import cf from 'cloudfront';\nasync function handler(e) { return { color: await cf.kvs().get('color') }; }";
      const fn = await cf(first).send(
        new CreateFunctionCommand({ Name: "reads-kept", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0", KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: kvs.KeyValueStore!.ARN! }] } }, FunctionCode: new TextEncoder().encode(code) }),
      );
      fnEtag = fn.ETag!;
      const policy = await cf(first).send(
        new CreateCachePolicyCommand({
          CachePolicyConfig: {
            Name: "kept-policy",
            MinTTL: 1,
            ParametersInCacheKeyAndForwardedToOrigin: { EnableAcceptEncodingGzip: false, HeadersConfig: { HeaderBehavior: "none" }, CookiesConfig: { CookieBehavior: "none" }, QueryStringsConfig: { QueryStringBehavior: "all" } },
          },
        }),
      );
      policyId = policy.CachePolicy!.Id!;
    } finally {
      await first.stop();
    }
    const second = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    try {
      expect((await cf(second).send(new GetCachePolicyCommand({ Id: policyId }))).CachePolicy?.CachePolicyConfig?.Name).toBe("kept-policy");
      const event = JSON.stringify({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "1.2.3.4" }, request: { method: "GET", uri: "/", querystring: {}, headers: {}, cookies: {} } });
      const out = await cf(second).send(new TestFunctionCommand({ Name: "reads-kept", IfMatch: fnEtag, EventObject: new TextEncoder().encode(event) }));
      expect(JSON.parse(out.TestResult!.FunctionOutput!)).toEqual({ color: "teal" });
    } finally {
      await second.stop();
    }
  });
});
