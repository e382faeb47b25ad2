import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { S3NotificationMatched, S3ObjectChanged } from "../../src/core/events.js";
import { s3Manifest } from "../../src/s3/manifest.js";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { fakeTargetsManifest } from "./fake-targets.js";

const ctx = useServer({ services: [s3Manifest, fakeTargetsManifest] });
const QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:changes";
const FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:thumbs";

let matched: S3NotificationMatched[] = [];
let facts: S3ObjectChanged[] = [];

beforeAll(() => {
  ctx.aws.server.eventLog.forOwner("test").consume({ name: "observer", kinds: ["s3.NotificationMatched"], handle: (f) => void matched.push(f.payload) });
  ctx.aws.server.bus.subscribe("s3.ObjectCreated", (e) => void facts.push(e));
  ctx.aws.server.bus.subscribe("s3.ObjectRemoved", (e) => void facts.push(e));
});
beforeEach(() => {
  matched = [];
  facts = [];
});

async function bucket(): Promise<string> {
  const Bucket = uniqueName("events").toLowerCase();
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

type EventRecord = { eventName: string; s3: { configurationId: string; object: Record<string, unknown>; bucket: { name: string } } };
const records = (): EventRecord[] => matched.flatMap((m) => ((m.message as { Records?: EventRecord[] }).Records ?? []));

describe("validation", () => {
  it("rejects unknown events and repeated filter rules", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket();
    await expectAwsError(
      s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectMoved:*" as "s3:ObjectCreated:*"] }] } })),
      { name: "InvalidArgument", status: 400, message: "The event is not supported for notifications" },
    );
    // The events are the model's Event enum (replication's four detailed events included).
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:Replication:OperationFailedReplication"] }] } }));
    expect((await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))).QueueConfigurations?.[0]?.Events).toEqual(["s3:Replication:OperationFailedReplication"]);
    await expectAwsError(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket,
          NotificationConfiguration: {
            QueueConfigurations: [
              { QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "a" }, { Name: "prefix", Value: "b" }] } } },
            ],
          },
        }),
      ),
      { name: "InvalidArgument", status: 400, message: "Cannot specify more than one prefix rule in a filter." },
    );
  });
});

describe("errors", () => {
  it("refuses a target that does not exist", async () => {
    const Bucket = await bucket();
    await expectAwsError(
      ctx.client(S3Client).send(
        new PutBucketNotificationConfigurationCommand({
          Bucket,
          NotificationConfiguration: { QueueConfigurations: [{ QueueArn: "arn:aws:sqs:us-east-1:000000000000:missing", Events: ["s3:ObjectCreated:*"] }] },
        }),
      ),
      { name: "InvalidArgument", status: 400, message: "Unable to validate the following destination configurations" },
    );
  });
});

describe("behaviour", () => {
  it("sends the test event to queue and topic targets when saved, and returns the configuration", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket();
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          QueueConfigurations: [{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }],
          TopicConfigurations: [{ Id: "t", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }],
          LambdaFunctionConfigurations: [{ Id: "l", LambdaFunctionArn: FUNCTION, Events: ["s3:ObjectCreated:Put"], Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".jpg" }] } } }],
        },
      }),
    );
    expect(matched.map((m) => [m.targetType, m.targetArn, (m.message as { Event?: string }).Event])).toEqual([
      ["sqs", QUEUE, "s3:TestEvent"],
      ["sns", TOPIC, "s3:TestEvent"],
    ]);
    expect(matched[0]!.message).toMatchObject({ Service: "Amazon S3", Bucket });
    expect(matched[0]!.message).not.toHaveProperty("Records");
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    expect(got.QueueConfigurations).toEqual([{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }]);
    expect(got.LambdaFunctionConfigurations?.[0]?.LambdaFunctionArn).toBe(FUNCTION);
    expect(got.TopicConfigurations?.[0]?.Events).toEqual(["s3:ObjectRemoved:*"]);
  });

  it("publishes one exact event record per matching target", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket();
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          QueueConfigurations: [{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }],
          LambdaFunctionConfigurations: [{ Id: "l", LambdaFunctionArn: FUNCTION, Events: ["s3:ObjectCreated:Put"], Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".jpg" }] } } }],
        },
      }),
    );
    matched = [];
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: "in/my photo.jpg", Body: "jpeg" }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "out/skip.txt", Body: "no" }));
    await ctx.aws.settle();
    expect(matched.map((m) => m.targetType).sort()).toEqual(["lambda", "sqs"]);
    const [record] = records();
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: Bucket, arn: `arn:aws:s3:::${Bucket}` },
        object: { key: "in/my+photo.jpg", size: 4, eTag: put.ETag!.replace(/"/g, "") },
      },
    });
    expect(record!.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
    expect(records().map((r) => r.s3.configurationId).sort()).toEqual(["l", "q"]);
    expect(facts.map((f) => [f.key, f.eventName])).toEqual([
      ["in/my photo.jpg", "ObjectCreated:Put"],
      ["out/skip.txt", "ObjectCreated:Put"],
    ]);
  });

  it("names copies, multipart completions, deletions and delete markers", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket();
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"] }] },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket, Key: "a", Body: "a" }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: "b", CopySource: `${Bucket}/a` }));
    await new Upload({ client: s3, params: { Bucket, Key: "c", Body: Buffer.alloc(6 * 1024 * 1024) } }).done();
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "a" }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "b" }));
    await ctx.aws.settle();
    expect(records().map((r) => r.eventName)).toEqual([
      "ObjectCreated:Put",
      "ObjectCreated:Copy",
      "ObjectCreated:CompleteMultipartUpload",
      "ObjectRemoved:Delete",
      "ObjectRemoved:DeleteMarkerCreated",
    ]);
    const marker = records()[4]!.s3.object;
    expect(marker.versionId).toBeDefined();
    expect(marker).not.toHaveProperty("size");
  });
});
