/**
 * KeyValueStore keys through the official data-plane client, with default settings but for the
 * name lookup: the client signs SigV4a (hence @aws-sdk/signature-v4a) and calls
 * `<account>.localhost:<port>`, which the agent's lookup maps to 127.0.0.1. Writes need the data
 * plane's own ETag; functions read the keys at once.
 */
import {
  CloudFrontKeyValueStoreClient,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import "@aws-sdk/signature-v4a";
import { CloudFrontClient, CreateFunctionCommand, CreateKeyValueStoreCommand, DescribeKeyValueStoreCommand as DescribeStoreCommand, TestFunctionCommand } from "@aws-sdk/client-cloudfront";
import type { LookupFunction } from "node:net";
import { Agent as HttpAgent } from "node:http";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, testCredentials, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

/** Every name is 127.0.0.1 (the client's `000000000000.localhost` included). */
const loopback = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
}) as unknown as LookupFunction;

function kvsClient(): CloudFrontKeyValueStoreClient {
  const port = new URL(ctx.endpoint).port;
  return new CloudFrontKeyValueStoreClient({
    endpoint: `http://localhost:${port}`,
    region: "us-east-1",
    credentials: testCredentials,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ lookup: loopback }) }),
  });
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
let arn = "";
let controlEtag = "";

beforeAll(async () => {
  const created = await cf().send(new CreateKeyValueStoreCommand({ Name: "keys-store" }));
  arn = created.KeyValueStore!.ARN!;
  controlEtag = created.ETag!;
});

describe("KeyValueStore data plane", () => {
  it("describes the store with its own ETag; PutKey, GetKey, DeleteKey need it in If-Match and answer a new one", async () => {
    const kvs = kvsClient();
    const described = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }));
    expect(described).toMatchObject({ KvsARN: arn, ItemCount: 0, TotalSizeInBytes: 0, Status: "READY" });
    expect(described.Created).toBeInstanceOf(Date);
    expect(described.ETag).toBeTruthy();
    expect(described.ETag).not.toBe(controlEtag);

    await expectAwsError(kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "greeting", Value: "hello", IfMatch: "KVSTALE" })), { name: "ConflictException", status: 409 });
    const put = await kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "greeting", Value: "hello", IfMatch: described.ETag }));
    expect(put).toMatchObject({ ItemCount: 1, TotalSizeInBytes: "greeting".length + "hello".length });
    expect(put.ETag).not.toBe(described.ETag);
    await expectAwsError(kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "other", Value: "x", IfMatch: described.ETag })), { name: "ConflictException", status: 409 });

    expect(await kvs.send(new GetKeyCommand({ KvsARN: arn, Key: "greeting" }))).toMatchObject({ Key: "greeting", Value: "hello", ItemCount: 1 });
    await expectAwsError(kvs.send(new GetKeyCommand({ KvsARN: arn, Key: "nope" })), { name: "ResourceNotFoundException", status: 404 });

    const deleted = await kvs.send(new DeleteKeyCommand({ KvsARN: arn, Key: "greeting", IfMatch: put.ETag }));
    expect(deleted.ItemCount).toBe(0);
    expect((await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag).toBe(deleted.ETag);
    // The CloudFront API's ETag of the store is its own: key writes leave it as it was.
    expect((await cf().send(new DescribeStoreCommand({ Name: "keys-store" }))).ETag).toBe(controlEtag);
  });

  it("UpdateKeys puts and deletes in one step; ListKeys pages in key order; limits and unknown stores are refused", async () => {
    const kvs = kvsClient();
    const etag = (await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag!;
    const puts = Array.from({ length: 12 }, (_, i) => ({ Key: `k${String(i).padStart(2, "0")}`, Value: `v${i}` }));
    const updated = await kvs.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: etag, Puts: [...puts, { Key: "gone", Value: "soon" }] }));
    expect(updated.ItemCount).toBe(13);
    const after = await kvs.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: updated.ETag, Deletes: [{ Key: "gone" }] }));
    expect(after.ItemCount).toBe(12);

    const first = await kvs.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 5 }));
    expect(first.Items?.map((i) => i.Key)).toEqual(["k00", "k01", "k02", "k03", "k04"]);
    const second = await kvs.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 10, NextToken: first.NextToken }));
    expect(second.Items?.map((i) => [i.Key, i.Value])).toEqual(puts.slice(5).map((p) => [p.Key, p.Value]));
    expect(second.NextToken).toBeUndefined();

    await expectAwsError(kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "big", Value: "x".repeat(1025), IfMatch: after.ETag })), { name: "ValidationException", status: 400 });
    await expectAwsError(kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "k".repeat(513), Value: "x", IfMatch: after.ETag })), { name: "ValidationException", status: 400 });
    const unknown = arn.replace(/\/[^/]+$/, "/00000000-0000-0000-0000-000000000000");
    await expectAwsError(kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: unknown })), { name: "ResourceNotFoundException", status: 404 });
  });

  it("a key written through the data plane is what a function reads next", async () => {
    const kvs = kvsClient();
    const etag = (await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag!;
    await kvs.send(new PutKeyCommand({ KvsARN: arn, Key: "variant", Value: "b", IfMatch: etag }));
    const code = "import cf from 'cloudfront';\nasync function handler(event) { return { variant: await cf.kvs().get('variant') }; }";
    const fn = await cf().send(
      new CreateFunctionCommand({ Name: "reads-keys", FunctionConfig: { Comment: "", Runtime: "cloudfront-js-2.0", KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: arn }] } }, FunctionCode: bytes(code) }),
    );
    const event = JSON.stringify({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "1.2.3.4" }, request: { method: "GET", uri: "/", querystring: {}, headers: {}, cookies: {} } });
    const out = await cf().send(new TestFunctionCommand({ Name: "reads-keys", IfMatch: fn.ETag, EventObject: bytes(event) }));
    expect(JSON.parse(out.TestResult!.FunctionOutput!)).toEqual({ variant: "b" });
  });
});
