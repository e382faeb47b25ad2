import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFn } from "../runtime/fixtures.js";

// The real clock: deliveries are jobs started by timers, so a put can fill the buffer while a delivery is writing.
const ctx = useServer({ virtualClock: false });
const RECORD = 400 * 1024;

describe("deliveries while puts keep filling the buffer (real clock)", () => {
  it("delivers each record at most once, in whole records, however many deliveries the puts schedule", async () => {
    const firehose = ctx.client(FirehoseClient);
    const s3 = ctx.client(S3Client);
    const Bucket = uniqueName("hose").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    // An identity transform: each delivery waits for a function, so puts keep arriving while one is under way.
    const fn = await createFn(ctx.client(LambdaClient), `exports.handler = async (e) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: r.data })) });`);
    const name = uniqueName("busy");
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: {
          BucketARN: `arn:aws:s3:::${Bucket}`,
          RoleARN: "arn:aws:iam::000000000000:role/firehose",
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "Lambda", Parameters: [{ ParameterName: "LambdaArn", ParameterValue: `arn:aws:lambda:us-east-1:000000000000:function:${fn}` }] }] },
        },
      }),
    );
    // 24 distinct records (each one byte value), 8 puts in flight: every put past 1 MiB schedules a delivery.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 24) {
          const i = next++;
          const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.alloc(RECORD, i + 1) }] }));
          expect(out.FailedPutCount).toBe(0);
        }
      }),
    );
    // Wait until the deliveries stop: 22 records or more delivered, and two listings 300 ms apart alike.
    const list = async (): Promise<{ keys: string[]; bytes: number }> => {
      const objects = (await s3.send(new ListObjectsV2Command({ Bucket }))).Contents ?? [];
      return { keys: objects.map((o) => o.Key!).sort(), bytes: objects.reduce((n, o) => n + o.Size!, 0) };
    };
    let { keys, bytes } = await list();
    for (let tries = 0; tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await list();
      if (bytes >= 22 * RECORD && again.keys.join() === keys.join()) break;
      ({ keys, bytes } = again);
    }
    const seen: number[] = [];
    for (const Key of keys) {
      const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray());
      expect(body.length % RECORD).toBe(0);
      expect(body.length).toBeLessThanOrEqual(1024 * 1024);
      for (let at = 0; at < body.length; at += RECORD) {
        expect(body.subarray(at, at + RECORD).equals(Buffer.alloc(RECORD, body[at]!))).toBe(true);
        seen.push(body[at]!);
      }
    }
    // Each record once; at most two (800 KiB, under the 1 MiB size) still buffered for the interval.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(22);
  });
});
