/**
 * awsJson 1.0 and 1.1 with a model: test-only services speaking Kinesis's and DynamoDB Streams'
 * models. The real SDK clients send; the decoded input must equal what was sent; the SDK must
 * parse the encoded output (and errors) back to the same values.
 */
import { DynamoDBStreamsClient, GetRecordsCommand, ListStreamsCommand } from "@aws-sdk/client-dynamodb-streams";
import { DescribeStreamSummaryCommand, KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../src/core/errors.js";
import { defineOperation, defineService, type ServiceManifest } from "../../src/core/service.js";
import { expectAwsError, useServer } from "../helpers/index.js";

let seen: { op: string; input: Record<string, unknown> } | undefined;
const created = new Date("2024-05-06T07:08:09.000Z");

function op(name: string, output: (input: Record<string, unknown>) => unknown): ReturnType<typeof defineOperation> {
  return defineOperation<Record<string, unknown>, unknown>({
    name,
    handle(input) {
      seen = { op: name, input: JSON.parse(JSON.stringify(input)) as Record<string, unknown> };
      return output(input) as never;
    },
  });
}

const kinesis = defineService({
  name: "codec-test-kinesis",
  apis: [
    {
      id: "kinesis",
      protocol: "awsJson1_1",
      endpointName: "kinesis",
      model: { service: "kinesis" },
      operations: [
        op("PutRecord", (i) => ({ ShardId: "shardId-000000000000", SequenceNumber: `seq-${String(i.PartitionKey)}` })),
        op("DescribeStreamSummary", (i) => {
          if (i.StreamName === "missing") throw new AwsError("ResourceNotFoundException", "Stream missing under account 000000000000 not found.");
          return {
            StreamDescriptionSummary: {
              StreamName: i.StreamName,
              StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/s",
              StreamStatus: "ACTIVE",
              RetentionPeriodHours: 24,
              StreamCreationTimestamp: created,
              EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
              OpenShardCount: 1,
            },
          };
        }),
      ],
    },
  ],
});

const streams = defineService({
  name: "codec-test-streams",
  apis: [
    {
      id: "streams",
      protocol: "awsJson1_0",
      endpointName: "streams.dynamodb",
      model: { service: "dynamodbstreams" },
      operations: [
        op("ListStreams", (i) => ({ Streams: [{ StreamArn: "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024", TableName: i.TableName, StreamLabel: "2024" }] })),
        op("GetRecords", () => ({
          Records: [{ eventID: "1", eventName: "INSERT", dynamodb: { ApproximateCreationDateTime: created, Keys: { pk: { S: "a" } }, SequenceNumber: "100", SizeBytes: 5, StreamViewType: "KEYS_ONLY" } }],
          NextShardIterator: "next",
        })),
      ],
    },
  ],
});

const manifests: ServiceManifest[] = [
  { name: "codec-test-kinesis", tablePrefix: "ctk_", apis: [{ id: "kinesis", protocol: "awsJson1_1", endpointName: "kinesis", signingNames: ["kinesis"], targetPrefixes: ["Kinesis_20131202"] }], load: async () => kinesis },
  {
    name: "codec-test-streams",
    tablePrefix: "cts_",
    apis: [{ id: "streams", protocol: "awsJson1_0", endpointName: "streams.dynamodb", signingNames: ["dynamodb"], targetPrefixes: ["DynamoDBStreams_20120810"] }],
    load: async () => streams,
  },
];

const ctx = useServer({ services: manifests });

describe("awsJson with a model", () => {
  it("1.1: decodes blobs as base64 text and encodes timestamps the SDK parses", async () => {
    const out = await ctx.client(KinesisClient).send(new PutRecordCommand({ StreamName: "s", Data: Buffer.from("hello"), PartitionKey: "p1" }));
    expect(seen).toEqual({ op: "PutRecord", input: { StreamName: "s", Data: Buffer.from("hello").toString("base64"), PartitionKey: "p1" } });
    expect(out).toMatchObject({ ShardId: "shardId-000000000000", SequenceNumber: "seq-p1" });
    const summary = await ctx.client(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamName: "s" }));
    expect(summary.StreamDescriptionSummary).toMatchObject({ StreamName: "s", StreamStatus: "ACTIVE", RetentionPeriodHours: 24, StreamCreationTimestamp: created, OpenShardCount: 1 });
  });

  it("1.1: errors and validation (the model's constraints, before the handler)", async () => {
    await expectAwsError(ctx.client(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamName: "missing" })), {
      name: "ResourceNotFoundException",
      message: "Stream missing under account 000000000000 not found.",
    });
    seen = undefined;
    await expectAwsError(ctx.client(KinesisClient).send(new PutRecordCommand({ StreamName: "s", Data: Buffer.from("x"), PartitionKey: "" })), {
      name: "ValidationException",
      message: "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(seen).toBeUndefined();
  });

  it("1.0: round-trips lists, nested structures and timestamps", async () => {
    const list = await ctx.client(DynamoDBStreamsClient).send(new ListStreamsCommand({ TableName: "tbl", Limit: 5 }));
    expect(seen).toEqual({ op: "ListStreams", input: { TableName: "tbl", Limit: 5 } });
    expect(list.Streams).toEqual([{ StreamArn: "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024", TableName: "tbl", StreamLabel: "2024" }]);
    const records = await ctx.client(DynamoDBStreamsClient).send(new GetRecordsCommand({ ShardIterator: "it", Limit: 10 }));
    expect(records.Records?.[0]?.dynamodb).toEqual({ ApproximateCreationDateTime: created, Keys: { pk: { S: "a" } }, SequenceNumber: "100", SizeBytes: 5, StreamViewType: "KEYS_ONLY" });
    expect(records.NextShardIterator).toBe("next");
  });
});
