/**
 * The projects under examples/ run as documented: local-aws started with the example's config file
 * (functions from its src/ directory), its setup.mjs run against it, then what its README suggests,
 * on the virtual clock. One server per example (their resources have fixed names).
 */
import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { PutObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import sharp from "sharp";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { drain } from "../events/helpers.js";


async function withExample(name: string, run: (aws: LocalAws, setupOut: Record<string, string>) => Promise<void>): Promise<void> {
  const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent", config: resolve("examples", name, "local-aws.json") });
  try {
    const { setup } = (await import(resolve("examples", name, "setup.mjs"))) as { setup(endpoint: string): Promise<Record<string, string>> };
    await run(aws, await setup(aws.endpoint));
  } finally {
    await aws.stop();
  }
}

function client<T>(Ctor: new (config: Record<string, unknown>) => T, aws: LocalAws): T {
  return new Ctor({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1 });
}

describe("examples", () => {
  it("hourly-cron: three runs in three hours", () =>
    withExample("hourly-cron", async (aws) => {
      await aws.clock.advance(3 * 3_600_000);
      await aws.settle();
      expect((await client(DynamoDBClient, aws).send(new ScanCommand({ TableName: "report-runs" }))).Items).toHaveLength(3);
    }));

  it("stream-fanout: changes reach the audit queue in order", () =>
    withExample("stream-fanout", async (aws, out) => {
      const ddb = client(DynamoDBClient, aws);
      for (const status of ["placed", "paid", "shipped"]) await ddb.send(new PutItemCommand({ TableName: "orders", Item: { orderId: { S: "o-1" }, status: { S: status } } }));
      await aws.settle();
      const got = (await drain(client(SQSClient, aws), out.QueueUrl!)).map((m) => (JSON.parse(m.Body!) as { status: string }).status);
      expect(got).toEqual(["placed", "paid", "shipped"]);
    }));

  it("ttl-sessions: an expired session is deleted and reported", () =>
    withExample("ttl-sessions", async (aws, out) => {
      const now = Math.floor(aws.clock.now().getTime() / 1000);
      await client(DynamoDBClient, aws).send(new PutItemCommand({ TableName: "sessions", Item: { sessionId: { S: "s-1" }, user: { S: "ana" }, expiresAt: { N: String(now + 300) } } }));
      await aws.clock.advance(7 * 60_000);
      await aws.settle();
      expect((await client(DynamoDBClient, aws).send(new ScanCommand({ TableName: "sessions" }))).Items).toEqual([]);
      const [message] = await drain(client(SQSClient, aws), out.QueueUrl!);
      expect(JSON.parse(message!.Body!)).toEqual({ sessionId: "s-1", user: "ana", by: { type: "Service", principalId: "dynamodb.amazonaws.com" } });
    }));

  it("rest-api: create and read back over HTTP", () =>
    withExample("rest-api", async (_aws, out) => {
      const created = (await (await fetch(`${out.url}/items`, { method: "POST", body: JSON.stringify({ name: "tea", price: 3 }) })).json()) as { id: string };
      const res = await fetch(`${out.url}/items/${created.id}`);
      expect(await res.json()).toEqual({ id: created.id, name: "tea", price: 3 });
    }));

  it("thumbnails: an uploaded PNG gets a thumbnail", () =>
    withExample("thumbnails", async (aws) => {
      const s3 = client(S3Client, aws);
      const png = await sharp({ create: { width: 512, height: 256, channels: 3, background: "green" } }).png().toBuffer();
      await s3.send(new PutObjectCommand({ Bucket: "uploads", Key: "photo.png", Body: png, ContentType: "image/png" }));
      await aws.settle();
      const thumb = await s3.send(new GetObjectCommand({ Bucket: "thumbnails", Key: "photo.png" }));
      expect((await sharp(Buffer.from(await thumb.Body!.transformToByteArray())).metadata()).width).toBe(128);
    }), 60_000);

  it("throttling-retries: a failing async call ends in the dead-letter queue", () =>
    withExample("throttling-retries", async (aws, out) => {
      await client(LambdaClient, aws).send(new InvokeCommand({ FunctionName: "flaky-payment", InvocationType: "Event", Payload: Buffer.from('{"fail":true}') }));
      await aws.settle();
      await aws.clock.advance(200_000);
      const [dead] = await drain(client(SQSClient, aws), out.dlq!);
      expect(JSON.parse(dead!.Body!)).toEqual({ fail: true });
    }));

  it("clickstream: API requests reach the click counts through Kinesis and S3 through Firehose", () =>
    withExample("clickstream", async (aws, out) => {
      for (let n = 0; n < 20; n++) {
        const res = await fetch(`${out.url}/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: n % 2 ? "ana" : "bo", n }) });
        expect(res.status).toBe(200);
      }
      await aws.settle();
      const counts = (await client(DynamoDBClient, aws).send(new ScanCommand({ TableName: "click-counts" }))).Items?.map((i) => [i.user!.S, i.clicks!.N]).sort();
      expect(counts).toEqual([["ana", "10"], ["bo", "10"]]);
      await aws.clock.advance(61_000);
      await aws.settle();
      const s3 = client(S3Client, aws);
      const keys = (await s3.send(new ListObjectsV2Command({ Bucket: "clicks-lake", Prefix: "events/" }))).Contents?.map((c) => c.Key!) ?? [];
      let lines = 0;
      for (const Key of keys) lines += (await (await s3.send(new GetObjectCommand({ Bucket: "clicks-lake", Key }))).Body!.transformToString()).trim().split("\n").length;
      expect(lines).toBe(20);
    }));
});
