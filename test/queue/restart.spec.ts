import { CreateTopicCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { newQueue } from "./helpers.js";

const dataDir = mkdtempSync(join(tmpdir(), "local-aws-queue-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const clients = (aws: LocalAws) => ({
  sqs: new SQSClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 }),
  sns: new SNSClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 }),
});

describe("behaviour", () => {
  it("keeps every undeleted message with its receive count across a restart", async () => {
    const first = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    const { sqs, sns } = clients(first);
    const url = await newQueue(sqs, "durable", { VisibilityTimeout: "0" });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "durable-topic" }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ["a", "b", "c"].map((b) => ({ Id: b, MessageBody: b })) }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(received.Messages).toHaveLength(3);
    await first.stop();

    const second = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    try {
      const again = clients(second);
      const path = new URL(url).pathname;
      const after = await again.sqs.send(new ReceiveMessageCommand({ QueueUrl: `${second.endpoint}${path}`, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
      expect(after.Messages!.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount]).sort()).toEqual([["a", "2"], ["b", "2"], ["c", "2"]]);
      expect((await again.sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }]);
    } finally {
      await second.stop();
    }
  });
});
