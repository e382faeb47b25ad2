import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
  PutRecordCommand,
  UpdateDestinationCommand,
} from "@aws-sdk/client-firehose";
import { CreateStreamCommand, KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createFn } from "../runtime/fixtures.js";

const ctx = useServer();
const firehose = (): FirehoseClient => ctx.client(FirehoseClient);
const s3 = (): S3Client => ctx.client(S3Client);
const Bucket = uniqueName("firehose").toLowerCase();
const BucketARN = `arn:aws:s3:::${Bucket}`;
const RoleARN = "arn:aws:iam::000000000000:role/firehose";
const text = new TextEncoder();

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket }));
});

const keys = async (Prefix: string): Promise<string[]> => ((await s3().send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key!);
const body = async (Key: string): Promise<Buffer> => Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray());
const pad = (n: number) => String(n).padStart(2, "0");

describe("delivery to S3", () => {
  it("buffers until IntervalInSeconds has passed, then writes the records concatenated as sent under AWS's key", async () => {
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: { BucketARN, RoleARN, Prefix: `interval/${name}/`, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
      }),
    );
    const arrival = ctx.clock.now();
    for (const d of ["a", "b", "c"]) await firehose().send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: text.encode(d) } }));
    await ctx.clock.advance(59_000);
    expect(await keys(`interval/${name}/`)).toEqual([]);
    await ctx.clock.advance(1000);
    const written = await keys(`interval/${name}/`);
    expect(written).toHaveLength(1);
    const t = arrival;
    const folder = `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}/`;
    const stamp = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}`;
    expect(written[0]).toMatch(new RegExp(`^interval/${name}/${folder}${name}-1-${stamp}-[0-9a-f-]{36}$`));
    expect((await body(written[0]!)).toString()).toBe("abc");
  });

  it("flushes as soon as SizeInMBs is buffered, without waiting for the interval", async () => {
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { BucketARN, RoleARN, Prefix: `size/${name}/`, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 } } }),
    );
    const record = (i: number): Buffer => Buffer.alloc(300 * 1024, i); // the first one all NUL bytes
    const out = await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [0, 1, 2, 3].map((i) => ({ Data: record(i) })) }));
    expect(out.FailedPutCount).toBe(0);
    expect(new Set(out.RequestResponses!.map((r) => r.RecordId)).size).toBe(4);
    await ctx.aws.settle();
    // The first three records fill 900 KiB of the 1 MiB; the fourth waits for the interval.
    const written = await keys(`size/${name}/`);
    expect(written).toHaveLength(1);
    expect((await body(written[0]!)).equals(Buffer.concat([record(0), record(1), record(2)]))).toBe(true);
    // A second batch of two 400 KiB records: with the fourth, 1,100 KiB are buffered; the next
    // object takes the fourth and the first of these (700 KiB), the last one waits for the interval.
    const big = (i: number): Buffer => Buffer.alloc(400 * 1024, 130 + i);
    await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [0, 1].map((i) => ({ Data: big(i) })) }));
    await ctx.aws.settle();
    const second = (await keys(`size/${name}/`)).filter((k) => k !== written[0]);
    expect(second).toHaveLength(1);
    expect((await body(second[0]!)).equals(Buffer.concat([record(3), big(0)]))).toBe(true);
    await ctx.clock.advance(900_000);
    const third = (await keys(`size/${name}/`)).filter((k) => k !== written[0] && k !== second[0]);
    expect(third).toHaveLength(1);
    expect((await body(third[0]!)).equals(big(1))).toBe(true);
  });

  it("evaluates !{timestamp:…} prefixes, appends the delimiter, adds the extension and gzips", async () => {
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: {
          BucketARN,
          RoleARN,
          Prefix: `events-${name}/!{timestamp:yyyy/MM/dd}/`,
          ErrorOutputPrefix: `errors-${name}/!{firehose:error-output-type}/`,
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          CompressionFormat: "GZIP",
          FileExtension: ".json",
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "AppendDelimiterToRecord" }] },
        },
      }),
    );
    const t = ctx.clock.now();
    await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: ['{"n":1}', '{"n":2}'].map((d) => ({ Data: text.encode(d) })) }));
    await ctx.clock.advance(60_000);
    const written = await keys(`events-${name}/`);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(new RegExp(`^events-${name}/${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${name}-1-[0-9-]{19}-[0-9a-f-]{36}\\.json\\.gz$`));
    expect(gunzipSync(await body(written[0]!)).toString()).toBe('{"n":1}\n{"n":2}\n');
    const described = await firehose().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
    await firehose().send(
      new UpdateDestinationCommand({
        DeliveryStreamName: name,
        CurrentDeliveryStreamVersionId: described.DeliveryStreamDescription!.VersionId,
        DestinationId: "destinationId-000000000001",
        ExtendedS3DestinationUpdate: { Prefix: `updated-${name}/` },
      }),
    );
    const after = await firehose().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
    expect(after.DeliveryStreamDescription?.VersionId).toBe("2");
    expect(after.DeliveryStreamDescription?.Destinations?.[0]?.ExtendedS3DestinationDescription?.Prefix).toBe(`updated-${name}/`);
  });

  it("transforms through Lambda: Ok records delivered, Dropped ones gone, ProcessingFailed ones written under the error prefix", async () => {
    const fn = await createFn(
      ctx.client(LambdaClient),
      `exports.handler = async (event) => ({ records: event.records.map((r) => {
        const d = Buffer.from(r.data, "base64").toString();
        if (d === "drop") return { recordId: r.recordId, result: "Dropped" };
        if (d === "fail") return { recordId: r.recordId, result: "ProcessingFailed", data: r.data };
        return { recordId: r.recordId, result: "Ok", data: Buffer.from(d.toUpperCase() + "\\n").toString("base64") };
      }) });`,
    );
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: {
          BucketARN,
          RoleARN,
          Prefix: `transformed-${name}/`,
          ErrorOutputPrefix: `failed-${name}/`,
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "Lambda", Parameters: [{ ParameterName: "LambdaArn", ParameterValue: `arn:aws:lambda:us-east-1:000000000000:function:${fn}` }] }] },
        },
      }),
    );
    await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: ["keep", "drop", "fail", "also"].map((d) => ({ Data: text.encode(d) })) }));
    await ctx.clock.advance(60_000);
    const delivered = await keys(`transformed-${name}/`);
    expect((await body(delivered[0]!)).toString()).toBe("KEEP\nALSO\n");
    const failed = await keys(`failed-${name}/`);
    const lines = (await body(failed[0]!)).toString().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ errorCode: "Lambda.ProcessingFailed", rawData: Buffer.from("fail").toString("base64") });
  });
});

describe("Kinesis stream as source", () => {
  it("reads the stream from LATEST once a second and delivers its records; direct puts are refused", async () => {
    const kinesis = ctx.client(KinesisClient);
    const StreamName = uniqueName("src");
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    await kinesis.send(new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: "early", Data: text.encode("before-hose|") }] }));
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        DeliveryStreamType: "KinesisStreamAsSource",
        KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`, RoleARN: "arn:aws:iam::000000000000:role/firehose" },
        ExtendedS3DestinationConfiguration: { BucketARN, RoleARN, Prefix: `from-kinesis-${name}/`, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
      }),
    );
    await expectAwsError(firehose().send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: text.encode("x") } })), {
      name: "InvalidArgumentException",
      message: "This operation is not permitted on KinesisStreamAsSource delivery stream type.",
    });
    await kinesis.send(new PutRecordsCommand({ StreamName, Records: Array.from({ length: 10 }, (_, i) => ({ PartitionKey: "same-key", Data: text.encode(`r${i}|`) })) }));
    await ctx.clock.advance(62_000);
    const written = await keys(`from-kinesis-${name}/`);
    expect(written).toHaveLength(1);
    expect((await body(written[0]!)).toString()).toBe(Array.from({ length: 10 }, (_, i) => `r${i}|`).join(""));
  });

  it("answers AWS's error for a missing delivery stream", async () => {
    await expectAwsError(firehose().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "nope" })), {
      name: "ResourceNotFoundException",
      message: "Firehose nope under account 000000000000 not found.",
    });
  });
});
