import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

describe("errors", () => {
  it("refuses a queue that does not exist", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = uniqueName("to-sqs").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await expectAwsError(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket,
          NotificationConfiguration: { QueueConfigurations: [{ QueueArn: `arn:aws:sqs:us-east-1:${ctx.aws.accountId}:${uniqueName("nope")}`, Events: ["s3:ObjectCreated:*"] }] },
        }),
      ),
      { name: "InvalidArgument", status: 400, message: "Unable to validate the following destination configurations" },
    );
  });
});

describe("behaviour", () => {
  it("delivers the test event and then the event record to an SQS queue", async () => {
    const s3 = ctx.client(S3Client);
    const sqs = ctx.client(SQSClient);
    const Bucket = uniqueName("to-sqs").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName("uploads") }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    const QueueArn = attrs.Attributes!.QueueArn!;
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { QueueConfigurations: [{ Id: "up", QueueArn, Events: ["s3:ObjectCreated:*"] }] } }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "photos/cat 1.jpg", Body: "meow" }));
    await ctx.aws.settle();
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    const bodies = (received.Messages ?? []).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket });
    expect(bodies[1]).toMatchObject({
      Records: [{ eventName: "ObjectCreated:Put", s3: { configurationId: "up", bucket: { name: Bucket }, object: { key: "photos/cat+1.jpg", size: 4 } } }],
    });
  });
});
