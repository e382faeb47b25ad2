import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const run = promisify(execFile);

/** Runs the AWS CLI (v2.9 from Debian speaks the Query protocol to SQS and SNS). */
/** Each CLI call starts a Python process (1-3 s on a loaded 2-core machine); these tests make 6-9 of them. */
const CLI_TEST_MS = 90_000;

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDLOCALAWSTEST", AWS_SECRET_ACCESS_KEY: "x", AWS_DEFAULT_REGION: "us-east-1", AWS_PAGER: "" };
  const { stdout } = await run("/usr/bin/aws", ["--endpoint-url", ctx.endpoint, "--output", "json", ...args], { env });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

async function awsFails(...args: string[]): Promise<string> {
  try {
    await aws(...args);
  } catch (err) {
    return (err as { stderr: string }).stderr;
  }
  throw new Error("expected the CLI to fail");
}

describe("errors", () => {
  it("reports the legacy NonExistentQueue code", async () => {
    const stderr = await awsFails("sqs", "get-queue-url", "--queue-name", uniqueName("missing"));
    expect(stderr).toContain("An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist.");
  });

  it("reports SNS NotFound", async () => {
    const stderr = await awsFails("sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:nope");
    expect(stderr).toContain("An error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist");
  });
});

describe("behaviour", () => {
  it("creates a queue, sends with attributes (the CLI checks both MD5s), receives and deletes", async () => {
    const name = uniqueName("cli");
    const { QueueUrl } = (await aws("sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40")) as { QueueUrl: string };
    expect(QueueUrl).toBe(`${ctx.endpoint}/000000000000/${name}`);
    const sent = await aws("sqs", "send-message", "--queue-url", QueueUrl, "--message-body", "hello cli", "--message-attributes", '{"k":{"DataType":"String","StringValue":"v"},"b":{"DataType":"Binary","BinaryValue":"AQID"}}');
    expect(sent.MD5OfMessageBody).toBe(createHash("md5").update("hello cli").digest("hex"));
    const got = (await aws("sqs", "receive-message", "--queue-url", QueueUrl, "--attribute-names", "All", "--message-attribute-names", "All")) as {
      Messages: { Body: string; ReceiptHandle: string; Attributes: Record<string, string>; MessageAttributes: Record<string, unknown> }[];
    };
    expect(got.Messages).toHaveLength(1);
    expect(got.Messages[0]!.Body).toBe("hello cli");
    expect(got.Messages[0]!.Attributes.ApproximateReceiveCount).toBe("1");
    expect(got.Messages[0]!.MessageAttributes).toEqual({ k: { DataType: "String", StringValue: "v" }, b: { DataType: "Binary", BinaryValue: "AQID" } });
    await aws("sqs", "delete-message", "--queue-url", QueueUrl, "--receipt-handle", got.Messages[0]!.ReceiptHandle);
    const attrs = (await aws("sqs", "get-queue-attributes", "--queue-url", QueueUrl, "--attribute-names", "All")) as { Attributes: Record<string, string> };
    expect(attrs.Attributes).toMatchObject({ VisibilityTimeout: "40", ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  }, CLI_TEST_MS);

  it("sends and deletes in batches and lists queues and tags", async () => {
    const name = uniqueName("clib");
    const { QueueUrl } = (await aws("sqs", "create-queue", "--queue-name", name, "--tags", "team=q")) as { QueueUrl: string };
    const sent = (await aws("sqs", "send-message-batch", "--queue-url", QueueUrl, "--entries", '[{"Id":"a","MessageBody":"1"},{"Id":"b","MessageBody":"2","DelaySeconds":1000}]')) as {
      Successful: { Id: string }[];
      Failed: { Id: string; Code: string }[];
    };
    expect(sent.Successful.map((s) => s.Id)).toEqual(["a"]);
    expect(sent.Failed).toMatchObject([{ Id: "b", Code: "InvalidParameterValue", SenderFault: true }]);
    const got = (await aws("sqs", "receive-message", "--queue-url", QueueUrl, "--max-number-of-messages", "10")) as { Messages: { ReceiptHandle: string }[] };
    const del = (await aws("sqs", "delete-message-batch", "--queue-url", QueueUrl, "--entries", JSON.stringify([{ Id: "x", ReceiptHandle: got.Messages[0]!.ReceiptHandle }]))) as { Successful: { Id: string }[] };
    expect(del.Successful).toEqual([{ Id: "x" }]);
    expect(await aws("sqs", "list-queues", "--queue-name-prefix", name)).toEqual({ QueueUrls: [QueueUrl] });
    expect(await aws("sqs", "list-queue-tags", "--queue-url", QueueUrl)).toEqual({ Tags: { team: "q" } });
  }, CLI_TEST_MS);

  it("fans an SNS message out to a queue", async () => {
    const { TopicArn } = (await aws("sns", "create-topic", "--name", uniqueName("t"))) as { TopicArn: string };
    const { QueueUrl } = (await aws("sqs", "create-queue", "--queue-name", uniqueName("sub"))) as { QueueUrl: string };
    const queueArn = `arn:aws:sqs:us-east-1:000000000000:${QueueUrl.split("/").pop()}`;
    const sub = (await aws("sns", "subscribe", "--topic-arn", TopicArn, "--protocol", "sqs", "--notification-endpoint", queueArn)) as { SubscriptionArn: string };
    expect(sub.SubscriptionArn.startsWith(`${TopicArn}:`)).toBe(true);
    const subs = (await aws("sns", "list-subscriptions-by-topic", "--topic-arn", TopicArn)) as { Subscriptions: Record<string, string>[] };
    expect(subs.Subscriptions).toEqual([{ SubscriptionArn: sub.SubscriptionArn, Owner: "000000000000", Protocol: "sqs", Endpoint: queueArn, TopicArn }]);
    const pub = (await aws("sns", "publish", "--topic-arn", TopicArn, "--message", "from cli", "--subject", "S", "--message-attributes", '{"k":{"DataType":"String","StringValue":"v"}}')) as { MessageId: string };
    const got = (await aws("sqs", "receive-message", "--queue-url", QueueUrl)) as { Messages: { Body: string }[] };
    const env = JSON.parse(got.Messages[0]!.Body) as Record<string, unknown>;
    expect(env).toMatchObject({ Type: "Notification", MessageId: pub.MessageId, TopicArn, Subject: "S", Message: "from cli", MessageAttributes: { k: { Type: "String", Value: "v" } } });
    const attrs = (await aws("sns", "get-topic-attributes", "--topic-arn", TopicArn)) as { Attributes: Record<string, string> };
    expect(attrs.Attributes).toMatchObject({ TopicArn, SubscriptionsConfirmed: "1", SubscriptionsPending: "0" });
  }, CLI_TEST_MS);
});
