import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { parseKeyQuery } from "../../src/firehose/partitioning.js";
import { createFn } from "../runtime/fixtures.js";

const ctx = useServer();
const firehose = (): FirehoseClient => ctx.client(FirehoseClient);
const s3 = (): S3Client => ctx.client(S3Client);
const Bucket = uniqueName("partitioned").toLowerCase();
const BucketARN = `arn:aws:s3:::${Bucket}`;
const RoleARN = "arn:aws:iam::000000000000:role/firehose";
const text = new TextEncoder();

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket }));
});

const keys = async (Prefix: string): Promise<string[]> => ((await s3().send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key!).sort();
const body = async (Key: string): Promise<string> => (await s3().send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

describe("dynamic partitioning", () => {
  it("writes one object per partition-key prefix from the jq query; records without the keys go to the error prefix", async () => {
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: {
          BucketARN,
          RoleARN,
          Prefix: `${name}/customer=!{partitionKeyFromQuery:customer}/region=!{partitionKeyFromQuery:region}/`,
          ErrorOutputPrefix: `${name}-errors/!{firehose:error-output-type}/`,
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
          DynamicPartitioningConfiguration: { Enabled: true },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              { Type: "MetadataExtraction", Parameters: [{ ParameterName: "MetadataExtractionQuery", ParameterValue: "{customer: .customer_id, region: .where.region}" }, { ParameterName: "JsonParsingEngine", ParameterValue: "JQ-1.6" }] },
              { Type: "AppendDelimiterToRecord", Parameters: [{ ParameterName: "Delimiter", ParameterValue: "\\n" }] },
            ],
          },
        },
      }),
    );
    const records = [
      { customer_id: "c1", where: { region: "eu" }, n: 1 },
      { customer_id: "c2", where: { region: "us" }, n: 2 },
      { customer_id: "c1", where: { region: "eu" }, n: 3 },
      { customer_id: "c3", n: 4 },
    ];
    await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [...records.map((r) => ({ Data: text.encode(JSON.stringify(r)) })), { Data: text.encode("not json") }] }));
    await ctx.clock.advance(61_000);
    await ctx.aws.settle();
    const written = await keys(`${name}/`);
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(new RegExp(`^${name}/customer=c1/region=eu/${name}-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}$`));
    expect(written[1]).toMatch(new RegExp(`^${name}/customer=c2/region=us/`));
    expect((await body(written[0]!)).trim().split("\n").map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 3]);
    const errors = await keys(`${name}-errors/`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${name}-errors/partitioning-failed/`));
    const failed = (await body(errors[0]!)).trim().split("\n").map((l) => JSON.parse(l) as { errorCode: string; rawData: string });
    expect(failed.map((f) => Buffer.from(f.rawData, "base64").toString())).toEqual([JSON.stringify(records[3]), "not json"]);
    expect(failed[0]!.errorCode).toBe("DynamicPartitioning.MetadataExtractionFailed");
  });

  it("takes partition keys from a Lambda transformation's metadata", async () => {
    const lambda = ctx.client(LambdaClient);
    const fn = await createFn(
      lambda,
      `exports.handler = async (e) => ({ records: e.records.map((r) => { const v = JSON.parse(Buffer.from(r.data, "base64").toString()); return { recordId: r.recordId, result: "Ok", data: r.data, metadata: { partitionKeys: { day: v.day } } }; }) });`,
    );
    const name = uniqueName("hose");
    await firehose().send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: {
          BucketARN,
          RoleARN,
          Prefix: `${name}/day=!{partitionKeyFromLambda:day}/`,
          ErrorOutputPrefix: `${name}-errors/`,
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
          DynamicPartitioningConfiguration: { Enabled: true },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "Lambda", Parameters: [{ ParameterName: "LambdaArn", ParameterValue: `arn:aws:lambda:us-east-1:000000000000:function:${fn}` }] }] },
        },
      }),
    );
    await firehose().send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: ["mon", "tue", "mon"].map((day, i) => ({ Data: text.encode(JSON.stringify({ day, i })) })) }));
    await ctx.clock.advance(61_000);
    await ctx.aws.settle();
    const written = await keys(`${name}/`);
    expect(written.map((k) => k.split("/")[1])).toEqual(["day=mon", "day=tue"]);
    expect(await body(written[0]!)).toBe(`${JSON.stringify({ day: "mon", i: 0 })}${JSON.stringify({ day: "mon", i: 2 })}`);
  });

  it("refuses a jq query local-aws cannot evaluate", async () => {
    await expectAwsError(
      firehose().send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: uniqueName("hose"),
          ExtendedS3DestinationConfiguration: {
            BucketARN,
            RoleARN,
            DynamicPartitioningConfiguration: { Enabled: true },
            ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "MetadataExtraction", Parameters: [{ ParameterName: "MetadataExtractionQuery", ParameterValue: ".a | select(.b)" }] }] },
          },
        }),
      ),
      { name: "InvalidArgumentException" },
    );
    expect(parseKeyQuery('{"a": .x."y z", b: .c}')).toEqual([
      ["a", ["x", "y z"]],
      ["b", ["c"]],
    ]);
  });
});
