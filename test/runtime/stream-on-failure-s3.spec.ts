/**
 * A DynamoDB-stream event source mapping's OnFailure destination in S3: the discarded batch's
 * record (DDBStreamBatchInfo) with the invocation payload, as an object under
 * `aws/lambda/<UUID>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`; a destination of another
 * kind is refused with AWS's message.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, tableWithStream, uniqueName, useServer } from "../helpers/index.js";
import { ROLE, zipOf } from "./fixtures.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const s3 = (): S3Client => ctx.client(S3Client);

const table = (): Promise<{ name: string; streamArn: string }> => tableWithStream(ddb(), "NEW_IMAGE");

async function failing(): Promise<string> {
  const name = uniqueName("fn");
  await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zipOf({ "index.js": `exports.handler = async () => { throw new Error("boom"); };` }) } }));
  return name;
}

interface StreamRecord {
  eventName: string;
  eventSourceARN: string;
  dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string };
}

describe("DynamoDB-stream mappings: OnFailure to S3", () => {
  it("writes a discarded batch with its payload to S3 under aws/lambda/<UUID>/<shardId>/YYYY/MM/DD/", async () => {
    const t = await table();
    const Bucket = uniqueName("failures");
    await s3().send(new CreateBucketCommand({ Bucket }));
    const fn = await failing();
    await ddb().send(new PutItemCommand({ TableName: t.name, Item: { pk: { S: "poison" } } }));
    const created = await lambda().send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: t.streamArn,
        FunctionName: fn,
        StartingPosition: "TRIM_HORIZON",
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:s3:::${Bucket}` } },
      }),
    );
    expect(created.DestinationConfig).toEqual({ OnFailure: { Destination: `arn:aws:s3:::${Bucket}` } });
    await ctx.aws.settle();
    const listed = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: `aws/lambda/${created.UUID}/` }));
    expect(listed.Contents).toHaveLength(1);
    const key = listed.Contents![0]!.Key!;
    const now = new Date(ctx.clock.now()).toISOString();
    const [date, time] = [now.slice(0, 10), now.slice(11, 19)];
    expect(key).toMatch(new RegExp(`^aws/lambda/${created.UUID}/(shardId-[\\w-]+)/${date.replaceAll("-", "/")}/${date}T${time.replaceAll(":", "\\.")}-[0-9a-f-]{36}$`));
    const shardId = key.split("/")[3];
    const body = JSON.parse(await (await s3().send(new GetObjectCommand({ Bucket, Key: key }))).Body!.transformToString()) as Record<string, unknown>;
    const payload = body.payload as { Records: StreamRecord[] };
    expect(payload.Records).toHaveLength(1);
    const record = payload.Records[0]!;
    expect(record).toMatchObject({ eventName: "INSERT", eventSourceARN: t.streamArn, dynamodb: { Keys: { pk: { S: "poison" } } } });
    expect(body).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 1 },
      responseContext: { functionError: "Unhandled" },
      version: "1.0",
      DDBStreamBatchInfo: { shardId, startSequenceNumber: record.dynamodb.SequenceNumber, endSequenceNumber: record.dynamodb.SequenceNumber, batchSize: 1, streamArn: t.streamArn },
    });
  });

  it("refuses an on-failure destination that is not a queue, a topic or a bucket", async () => {
    const t = await table();
    const fn = await failing();
    await expectAwsError(
      lambda().send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: t.streamArn,
          FunctionName: fn,
          StartingPosition: "TRIM_HORIZON",
          DestinationConfig: { OnFailure: { Destination: "arn:aws:lambda:us-east-1:000000000000:function:other" } },
        }),
      ),
      { name: "InvalidParameterValueException", message: "The provided destination config DestinationConfig.OnFailure.Destination is invalid: only SQS queues, SNS topics and S3 buckets are supported." },
    );
  });
});
