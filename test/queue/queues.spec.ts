import {
  CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, ListQueuesCommand,
  PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, TagQueueCommand, UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { newQueue } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);

describe("validation", () => {
  it("rejects an invalid queue name", async () => {
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: "bad name!" })), {
      name: "InvalidParameterValue",
      status: 400,
      message: "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    });
  });

  it("rejects a FIFO queue whose name lacks .fifo", async () => {
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("f"), Attributes: { FifoQueue: "true" } })), {
      name: "InvalidParameterValue",
      message: "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.",
    });
  });

  it("rejects out-of-range and unknown attributes", async () => {
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("q"), Attributes: { VisibilityTimeout: "43201" } })), {
      name: "InvalidAttributeValue",
      message: "Invalid value for the parameter VisibilityTimeout.",
    });
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("q"), Attributes: { Colour: "blue" } as never })), {
      name: "InvalidAttributeName",
      message: "Unknown Attribute Colour.",
    });
  });

  it("rejects a redrive policy whose dead-letter queue does not exist", async () => {
    const policy = JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:missing", maxReceiveCount: 3 });
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("q"), Attributes: { RedrivePolicy: policy } })), {
      name: "InvalidParameterValue",
      message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
    });
  });

  it("rejects a redrive policy that is JSON but not a map", async () => {
    for (const policy of ["null", "[]", "7"]) {
      await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: uniqueName("q"), Attributes: { RedrivePolicy: policy } })), {
        name: "InvalidParameterValue",
        message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.`,
      });
    }
  });
});

describe("errors", () => {
  it("answers QueueNameExists when attributes differ", async () => {
    const name = uniqueName("q");
    await sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "10" } }));
    const err = await expectAwsError<{ name: string; message: string; Code?: string }>(
      sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "20" } })),
      { name: "QueueNameExists", status: 400, message: "A queue already exists with the same name and a different value for attribute VisibilityTimeout" },
    );
    expect(err.Code).toBe("QueueAlreadyExists");
  });

  it("answers QueueDoesNotExist from GetQueueUrl", async () => {
    await expectAwsError(sqs().send(new GetQueueUrlCommand({ QueueName: uniqueName("none") })), { name: "QueueDoesNotExist", message: "The specified queue does not exist." });
  });

  it("allows one purge a minute", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new PurgeQueueCommand({ QueueUrl: url }));
    const name = url.split("/").pop()!;
    await expectAwsError(sqs().send(new PurgeQueueCommand({ QueueUrl: url })), {
      name: "PurgeQueueInProgress",
      status: 403,
      message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    });
    await ctx.clock.advance(60_000);
    await sqs().send(new PurgeQueueCommand({ QueueUrl: url }));
  });

  it("refuses to recreate a queue within 60 seconds of deleting it", async () => {
    const url = await newQueue(sqs());
    const name = url.split("/").pop()!;
    await sqs().send(new DeleteQueueCommand({ QueueUrl: url }));
    await expectAwsError(sqs().send(new CreateQueueCommand({ QueueName: name })), {
      name: "QueueDeletedRecently",
      message: "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
    });
    await ctx.clock.advance(60_000);
    await sqs().send(new CreateQueueCommand({ QueueName: name }));
  });
});

describe("behaviour", () => {
  it("builds queue URLs on the host the client used", async () => {
    const url = await newQueue(sqs());
    expect(url).toMatch(new RegExp(`^${ctx.endpoint}/000000000000/q-[0-9a-f]{10}$`));
    const viaLocalhost = ctx.client(SQSClient, { endpoint: ctx.endpoint.replace("127.0.0.1", "localhost") });
    const { QueueUrl } = await viaLocalhost.send(new GetQueueUrlCommand({ QueueName: url.split("/").pop()! }));
    expect(QueueUrl).toBe(url.replace("127.0.0.1", "localhost"));
  });

  it("is idempotent when created again with the same attributes", async () => {
    const name = uniqueName("q");
    const a = await sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: "5" } }));
    const b = await sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: "5" } }));
    expect(b.QueueUrl).toBe(a.QueueUrl);
  });

  it("reports all attributes with AWS's defaults", async () => {
    const before = Math.floor(ctx.clock.now().getTime() / 1000);
    const url = await newQueue(sqs());
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    expect(Attributes).toEqual({
      QueueArn: `arn:aws:sqs:us-east-1:000000000000:${url.split("/").pop()}`,
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
      ApproximateNumberOfMessagesDelayed: "0",
      CreatedTimestamp: String(before),
      LastModifiedTimestamp: String(before),
      VisibilityTimeout: "30",
      MaximumMessageSize: "1048576",
      MessageRetentionPeriod: "345600",
      DelaySeconds: "0",
      ReceiveMessageWaitTimeSeconds: "0",
      SqsManagedSseEnabled: "true",
    });
  });

  it("reports FIFO attributes for a FIFO queue", async () => {
    const url = await newQueue(sqs(), "f", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"] }));
    expect(Attributes).toEqual({ FifoQueue: "true", ContentBasedDeduplication: "true", DeduplicationScope: "queue", FifoThroughputLimit: "perQueue" });
  });

  it("changes attributes with SetQueueAttributes", async () => {
    const url = await newQueue(sqs());
    await ctx.clock.advance(5000);
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "45", ReceiveMessageWaitTimeSeconds: "2" } }));
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["VisibilityTimeout", "ReceiveMessageWaitTimeSeconds", "LastModifiedTimestamp", "CreatedTimestamp"] }));
    expect(Attributes!.VisibilityTimeout).toBe("45");
    expect(Attributes!.ReceiveMessageWaitTimeSeconds).toBe("2");
    expect(Number(Attributes!.LastModifiedTimestamp)).toBeGreaterThan(Number(Attributes!.CreatedTimestamp));
  });

  it("lists queues by prefix, page by page", async () => {
    const prefix = uniqueName("list");
    for (const n of ["a", "b", "c"]) await sqs().send(new CreateQueueCommand({ QueueName: `${prefix}-${n}` }));
    const all = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect(all.QueueUrls!.map((u) => u.split("/").pop())).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(all.NextToken).toBeUndefined();
    const p1 = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    expect(p1.QueueUrls).toHaveLength(2);
    const p2 = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: p1.NextToken }));
    expect(p2.QueueUrls!.map((u) => u.split("/").pop())).toEqual([`${prefix}-c`]);
    expect(p2.NextToken).toBeUndefined();
  });

  it("tags queues on creation and with TagQueue/UntagQueue", async () => {
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: uniqueName("t"), tags: { team: "a" } }));
    await sqs().send(new TagQueueCommand({ QueueUrl, Tags: { env: "dev", team: "b" } }));
    expect((await sqs().send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: "b", env: "dev" });
    await sqs().send(new UntagQueueCommand({ QueueUrl, TagKeys: ["team"] }));
    expect((await sqs().send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: "dev" });
  });

  it("purges the messages sent before the purge", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "gone" }));
    await sqs().send(new PurgeQueueCommand({ QueueUrl: url }));
    await ctx.clock.advance(1);
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "kept" }));
    const got = await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(["kept"]);
  });

  it("deletes a queue and its messages", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
    await sqs().send(new DeleteQueueCommand({ QueueUrl: url }));
    await expectAwsError(sqs().send(new ReceiveMessageCommand({ QueueUrl: url })), { name: "QueueDoesNotExist" });
  });
});
