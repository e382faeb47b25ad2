import {
  CloudFrontClient,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DeleteFunctionCommand,
  DeleteKeyValueStoreCommand,
  DescribeKeyValueStoreCommand,
  ListKeyValueStoresCommand,
  TestFunctionCommand,
  UpdateKeyValueStoreCommand,
} from "@aws-sdk/client-cloudfront";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const s3 = (): S3Client => ctx.client(S3Client);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const event = JSON.stringify({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "1.2.3.4" }, request: { method: "GET", uri: "/", querystring: {}, headers: {}, cookies: {} } });

describe("KeyValueStores", () => {
  it("creates a store from an S3 import (PROVISIONING, then READY), lists, updates behind If-Match; functions read it with cf.kvs()", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "kvs-import" }));
    await s3().send(new PutObjectCommand({ Bucket: "kvs-import", Key: "data.json", Body: JSON.stringify({ data: [{ key: "greeting", value: "hello" }, { key: "config", value: '{"variant":"b"}' }] }) }));
    const created = await cf().send(new CreateKeyValueStoreCommand({ Name: "site-data", Comment: "ab", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::kvs-import/data.json" } }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    const kvs = created.KeyValueStore!;
    expect(kvs).toMatchObject({ Name: "site-data", Comment: "ab", Status: "PROVISIONING" });
    expect(kvs.Id).toMatch(/^[0-9a-f-]{36}$/);
    expect(kvs.ARN).toBe(`arn:aws:cloudfront::000000000000:key-value-store/${kvs.Id}`);
    const described = await cf().send(new DescribeKeyValueStoreCommand({ Name: "site-data" }));
    expect(described.KeyValueStore?.Status).toBe("READY");
    expect(described.ETag).toBe(created.ETag);
    await expectAwsError(cf().send(new CreateKeyValueStoreCommand({ Name: "site-data" })), { name: "EntityAlreadyExists", status: 409 });
    const list = await cf().send(new ListKeyValueStoresCommand({}));
    expect(list.KeyValueStoreList?.Items?.map((i) => i.Name)).toEqual(["site-data"]);
    await expectAwsError(cf().send(new UpdateKeyValueStoreCommand({ Name: "site-data", Comment: "x", IfMatch: "ESTALE" })), { name: "PreconditionFailed", status: 412 });
    const updated = await cf().send(new UpdateKeyValueStoreCommand({ Name: "site-data", Comment: "new", IfMatch: described.ETag }));
    expect(updated.KeyValueStore?.Comment).toBe("new");

    const code = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
  const greeting = await kvs.get('greeting');
  const config = await kvs.get('config', { format: 'json' });
  const missing = await kvs.get('nope').then(() => 'found', (e) => 'rejected');
  return { greeting, variant: config.variant, missing, exists: await kvs.exists('greeting'), absent: await kvs.exists('nope') };
}`;
    const fn = await cf().send(
      new CreateFunctionCommand({ Name: "reads-kvs", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0", KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: kvs.ARN! }] } }, FunctionCode: bytes(code) }),
    );
    const out = await cf().send(new TestFunctionCommand({ Name: "reads-kvs", IfMatch: fn.ETag, EventObject: bytes(event) }));
    expect(out.TestResult?.FunctionErrorMessage).toBe("");
    expect(JSON.parse(out.TestResult!.FunctionOutput!)).toEqual({ greeting: "hello", variant: "b", missing: "rejected", exists: true, absent: false });

    await expectAwsError(cf().send(new DeleteKeyValueStoreCommand({ Name: "site-data", IfMatch: updated.ETag })), { name: "CannotDeleteEntityWhileInUse", status: 409 });
    await cf().send(new DeleteFunctionCommand({ Name: "reads-kvs", IfMatch: fn.ETag }));
    await cf().send(new DeleteKeyValueStoreCommand({ Name: "site-data", IfMatch: updated.ETag }));
    await expectAwsError(cf().send(new DescribeKeyValueStoreCommand({ Name: "site-data" })), { name: "EntityNotFound", status: 404 });
  });

  it("refuses import files that are not the documented JSON or break the limits", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: "kvs-bad" }));
    await s3().send(new PutObjectCommand({ Bucket: "kvs-bad", Key: "bad.json", Body: "[1,2]" }));
    await s3().send(new PutObjectCommand({ Bucket: "kvs-bad", Key: "big.json", Body: JSON.stringify({ data: [{ key: "k", value: "v".repeat(1025) }] }) }));
    await expectAwsError(cf().send(new CreateKeyValueStoreCommand({ Name: "bad", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::kvs-bad/bad.json" } })), { name: "InvalidArgument", status: 400 });
    await expectAwsError(cf().send(new CreateKeyValueStoreCommand({ Name: "big", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::kvs-bad/big.json" } })), { name: "EntitySizeLimitExceeded", status: 413 });
    await expectAwsError(cf().send(new CreateKeyValueStoreCommand({ Name: "gone", ImportSource: { SourceType: "S3", SourceARN: "arn:aws:s3:::kvs-bad/missing.json" } })), { name: "InvalidArgument", status: 400 });
  });
});
