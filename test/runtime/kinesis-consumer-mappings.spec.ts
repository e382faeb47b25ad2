import { CreateStreamCommand, KinesisClient, PutRecordCommand, RegisterStreamConsumerCommand } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createFn } from "./fixtures.js";

const ctx = useServer();
const kinesis = (): KinesisClient => ctx.client(KinesisClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const s3 = (): S3Client => ctx.client(S3Client);
const out = mkdtempSync(join(tmpdir(), "la-kinesis-efo-esm-"));

type Batch = { Records: { eventSourceARN: string; eventID: string; kinesis: { data: string; sequenceNumber: string } }[] };

async function fn(then = "return {};"): Promise<{ name: string; batches(): Batch[] }> {
  const file = join(out, `${uniqueName("b")}.jsonl`);
  const source = `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); ${then} };`;
  const name = await createFn(lambda(), source, { Environment: { Variables: { OUT: file } } });
  return { name, batches: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Batch) : []) };
}

async function stream(): Promise<{ name: string; arn: string }> {
  const name = uniqueName("stream");
  await kinesis().send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  return { name, arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}` };
}

const put = async (StreamName: string, value: unknown): Promise<string> =>
  (await kinesis().send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: new TextEncoder().encode(JSON.stringify(value)) }))).SequenceNumber!;

const values = (batches: Batch[]): unknown[] => batches.flatMap((b) => b.Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString("utf8")) as unknown));

describe("Kinesis event source mappings on stream consumers and with S3 on-failure destinations", () => {
  it("reads a stream through an enhanced fan-out consumer's ARN, the event naming the stream", async () => {
    const s = await stream();
    const { Consumer } = await kinesis().send(new RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "lambda" }));
    await ctx.clock.advance(5_000);
    const f = await fn();
    const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: Consumer!.ConsumerARN, FunctionName: f.name, StartingPosition: "LATEST" }));
    expect(created.EventSourceArn).toBe(Consumer!.ConsumerARN);
    await ctx.aws.settle();
    const seq = await put(s.name, { n: 1 });
    await put(s.name, { n: 2 });
    await ctx.aws.settle();
    expect(values(f.batches())).toEqual([{ n: 1 }, { n: 2 }]);
    expect(f.batches()[0]!.Records[0]).toMatchObject({ eventSourceARN: s.arn, eventID: `shardId-000000000000:${seq}` });
  });

  it("refuses a consumer ARN that names no consumer", async () => {
    const s = await stream();
    const f = await fn();
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: `${s.arn}/consumer/none:1700000000`, FunctionName: f.name, StartingPosition: "LATEST" })), {
      name: "InvalidParameterValueException",
    });
  });

  it("writes a discarded batch with its payload to S3 under aws/lambda/<UUID>/<shardId>/YYYY/MM/DD/", async () => {
    const s = await stream();
    const Bucket = uniqueName("failures");
    await s3().send(new CreateBucketCommand({ Bucket }));
    const f = await fn(`throw new Error("boom");`);
    const seq = await put(s.name, { bad: true });
    const created = await lambda().send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: s.arn,
        FunctionName: f.name,
        StartingPosition: "TRIM_HORIZON",
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:s3:::${Bucket}` } },
      }),
    );
    await ctx.aws.settle();
    const prefix = `aws/lambda/${created.UUID}/shardId-000000000000/`;
    const listed = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: prefix }));
    expect(listed.Contents).toHaveLength(1);
    const key = listed.Contents![0]!.Key!;
    const now = new Date(ctx.clock.now()).toISOString();
    const [date, time] = [now.slice(0, 10), now.slice(11, 19)];
    expect(key).toMatch(new RegExp(`^${prefix}${date.replaceAll("-", "/")}/${date}T${time.replaceAll(":", "\\.")}-[0-9a-f-]{36}$`));
    const body = JSON.parse(await (await s3().send(new GetObjectCommand({ Bucket, Key: key }))).Body!.transformToString()) as Record<string, unknown>;
    expect(body).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 1 },
      responseContext: { functionError: "Unhandled" },
      version: "1.0",
      KinesisBatchInfo: { shardId: "shardId-000000000000", startSequenceNumber: seq, endSequenceNumber: seq, batchSize: 1, streamArn: s.arn },
    });
    const payload = body.payload as Batch;
    expect(payload.Records.map((r) => [r.kinesis.sequenceNumber, JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()) as unknown])).toEqual([[seq, { bad: true }]]);
  });
});
