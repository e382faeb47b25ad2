import {
  CreateTopicCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand, ListTagsForResourceCommand, ListTopicsCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SNSClient,
  SubscribeCommand, TagResourceCommand, UnsubscribeCommand, UntagResourceCommand,
} from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { adminCall, expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const sns = () => ctx.client(SNSClient);
const topic = async (name = uniqueName("t"), Attributes?: Record<string, string>) => (await sns().send(new CreateTopicCommand({ Name: name, Attributes }))).TopicArn!;
const queueArn = "arn:aws:sqs:us-east-1:000000000000:some-queue";

describe("validation", () => {
  it("rejects an invalid topic name", async () => {
    await expectAwsError(sns().send(new CreateTopicCommand({ Name: "bad name" })), { name: "InvalidParameterException", status: 400, message: "Invalid parameter: Topic Name" });
  });

  it("rejects a FIFO topic without the .fifo suffix", async () => {
    await expectAwsError(sns().send(new CreateTopicCommand({ Name: uniqueName("t"), Attributes: { FifoTopic: "true" } })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.",
    });
  });

  it("rejects an unknown protocol and a malformed endpoint", async () => {
    const arn = await topic();
    await expectAwsError(sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "pigeon", Endpoint: "x" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Amazon SNS does not support this protocol string: pigeon",
    });
    await expectAwsError(sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: "not-an-arn" })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: SQS endpoint ARN",
    });
  });

  it("rejects raw delivery for Lambda subscriptions", async () => {
    const arn = await topic();
    await expectAwsError(
      sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "lambda", Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:f", Attributes: { RawMessageDelivery: "true" } })),
      { name: "InvalidParameterException", message: "Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery." },
    );
  });

  it("rejects a filter policy that is not a JSON object", async () => {
    const arn = await topic();
    await expectAwsError(sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: queueArn, Attributes: { FilterPolicy: "[1]" } })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: FilterPolicy: Filter policy must be a JSON object",
    });
  });
});

describe("errors", () => {
  it("answers NotFound for a missing topic", async () => {
    await expectAwsError(sns().send(new GetTopicAttributesCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:none" })), {
      name: "NotFoundException",
      status: 404,
      message: "Topic does not exist",
    });
  });

  it("refuses to recreate a topic with different attributes", async () => {
    const name = uniqueName("t");
    await topic(name, { DisplayName: "a" });
    await expectAwsError(sns().send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: "b" } })), {
      name: "InvalidParameterException",
      message: "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    });
  });

  it("answers NotFound for a missing subscription", async () => {
    await expectAwsError(sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: "arn:aws:sns:us-east-1:000000000000:t:00000000-0000-0000-0000-000000000000" })), {
      name: "NotFoundException",
      message: "Subscription does not exist",
    });
  });
});

describe("behaviour", () => {
  it("creates topics idempotently and lists them", async () => {
    const name = uniqueName("t");
    const a = await topic(name);
    expect(await topic(name)).toBe(a);
    expect(a).toBe(`arn:aws:sns:us-east-1:000000000000:${name}`);
    const { Topics } = await sns().send(new ListTopicsCommand({}));
    expect(Topics!.map((t) => t.TopicArn)).toContain(a);
  });

  it("reports and changes topic attributes", async () => {
    const arn = await topic(uniqueName("t") + ".fifo", { FifoTopic: "true", ContentBasedDeduplication: "true" });
    await sns().send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: "DisplayName", AttributeValue: "Shown" }));
    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toMatchObject({ TopicArn: arn, Owner: "000000000000", DisplayName: "Shown", FifoTopic: "true", ContentBasedDeduplication: "true", SubscriptionsConfirmed: "0" });
    expect(JSON.parse(Attributes!.Policy!).Statement[0].Resource).toBe(arn);
  });

  it("subscribes, lists, changes and removes subscriptions", async () => {
    const arn = await topic();
    const { SubscriptionArn } = await sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: queueArn, ReturnSubscriptionArn: true }));
    expect(SubscriptionArn).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    const again = await sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: queueArn }));
    expect(again.SubscriptionArn).toBe(SubscriptionArn);
    await sns().send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "true" }));
    const attrs = await sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(attrs.Attributes).toMatchObject({ SubscriptionArn, TopicArn: arn, Protocol: "sqs", Endpoint: queueArn, RawMessageDelivery: "true", PendingConfirmation: "false" });
    const byTopic = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(byTopic.Subscriptions).toEqual([{ SubscriptionArn, Owner: "000000000000", Protocol: "sqs", Endpoint: queueArn, TopicArn: arn }]);
    const all = await sns().send(new ListSubscriptionsCommand({}));
    expect(all.Subscriptions!.map((s) => s.SubscriptionArn)).toContain(SubscriptionArn);
    await sns().send(new UnsubscribeCommand({ SubscriptionArn }));
    expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions).toEqual([]);
  });

  it("records email subscriptions pending confirmation at /_local/sns/messages", async () => {
    const arn = await topic();
    const res = await sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "email", Endpoint: "someone@example.com" }));
    expect(res.SubscriptionArn).toBe("pending confirmation");
    const { json } = await adminCall(ctx.endpoint, "GET", "/_local/sns/messages");
    const records = (json.messages as Record<string, unknown>[]).filter((m) => m.topicArn === arn);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ protocol: "email", endpoint: "someone@example.com", type: "SubscriptionConfirmation" });
  });

  it("tags topics", async () => {
    const arn = await topic();
    await sns().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }] }));
    await sns().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a"] }));
    expect((await sns().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "b", Value: "2" }]);
  });

  it("deletes a topic with its subscriptions", async () => {
    const arn = await topic();
    await sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: queueArn }));
    await sns().send(new DeleteTopicCommand({ TopicArn: arn }));
    await expectAwsError(sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: arn })), { name: "NotFoundException" });
  });
});
