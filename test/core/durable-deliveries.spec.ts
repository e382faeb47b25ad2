/**
 * Deliveries that must survive a crash: each test kills a real local-aws process with SIGKILL after
 * the change committed and before its delivery or retry ran, restarts it on the same data dir, and
 * sees the delivery happen.
 */
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFn } from "../runtime/fixtures.js";
import { adminCall, testCredentials } from "../helpers/index.js";
import { startChild, type Child } from "../helpers/child.js";

const dir = mkdtempSync(join(tmpdir(), "local-aws-deliveries-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(dataDir: string, ...flags: string[]): Promise<{ child: Child; endpoint: string }> {
  const child = startChild(process.execPath, ["--import", "tsx", "test/helpers/builtin-server-main.ts", dataDir, ...flags]);
  const endpoint = JSON.parse((await child.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
  return { child, endpoint };
}

async function kill9(child: Child): Promise<void> {
  child.proc.kill("SIGKILL");
  expect((await child.exit()).signal).toBe("SIGKILL");
}

async function stop(child: Child): Promise<void> {
  child.proc.kill("SIGTERM");
  expect((await child.exit()).code).toBe(0);
}

const config = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });

async function receiveAll(sqs: SQSClient, QueueUrl: string): Promise<string[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return Messages.map((m) => m.Body ?? "");
}

describe("deliveries across kill -9", () => {
  it("delivers an S3 PutObject's queue notification committed before the crash", async () => {
    const dataDir = join(dir, "s3-sqs");
    const first = await start(dataDir, "--hold", "queue");
    const s3 = new S3Client({ ...config(first.endpoint), forcePathStyle: true });
    const sqs = new SQSClient(config(first.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "uploads" }));
    await s3.send(new CreateBucketCommand({ Bucket: "photos" }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: "photos",
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: "arn:aws:sqs:us-east-1:000000000000:uploads", Events: ["s3:ObjectCreated:*"] }] },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: "photos", Key: "cat.jpg", Body: "meow" }));
    expect((await adminCall(first.endpoint, "POST", "/_local/settle")).status).toBe(200);
    expect(await receiveAll(sqs, QueueUrl!)).toEqual([]);
    await kill9(first.child);

    const second = await start(dataDir);
    const sqs2 = new SQSClient(config(second.endpoint));
    await adminCall(second.endpoint, "POST", "/_local/settle");
    const bodies = (await receiveAll(sqs2, QueueUrl!.replace(first.endpoint, second.endpoint))).map((b) => JSON.parse(b) as { Event?: string; Records?: { eventName: string; s3: { object: { key: string } } }[] });
    expect(bodies.map((b) => b.Event ?? `${b.Records![0]!.eventName} ${b.Records![0]!.s3.object.key}`).sort()).toEqual(["ObjectCreated:Put cat.jpg", "s3:TestEvent"]);
    await stop(second.child);
    for (const c of [s3, sqs, sqs2]) c.destroy();
  });

  it("runs a failed asynchronous Lambda invocation's retry after the restart", async () => {
    const dataDir = join(dir, "lambda-retry");
    const first = await start(dataDir, "--virtual-clock");
    const lambda = new LambdaClient(config(first.endpoint));
    const sqs = new SQSClient(config(first.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "failures" }));
    const fn = await createFn(lambda, `exports.handler = async () => { throw new Error("always fails"); };`, { FunctionName: "fails" });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: fn, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-east-1:000000000000:failures" } } }));
    expect((await lambda.send(new InvokeCommand({ FunctionName: fn, InvocationType: "Event", Payload: Buffer.from('{"n":1}') }))).StatusCode).toBe(202);
    await adminCall(first.endpoint, "POST", "/_local/settle");
    // The first attempt failed; the retry is due a minute later and nothing has reached the destination.
    expect(await receiveAll(sqs, QueueUrl!)).toEqual([]);
    await kill9(first.child);

    const second = await start(dataDir, "--virtual-clock");
    const sqs2 = new SQSClient(config(second.endpoint));
    expect((await adminCall(second.endpoint, "POST", "/_local/clock", { advanceMs: 61_000 })).status).toBe(200);
    await adminCall(second.endpoint, "POST", "/_local/settle");
    const [record] = (await receiveAll(sqs2, QueueUrl!.replace(first.endpoint, second.endpoint))).map((b) => JSON.parse(b) as { requestContext: Record<string, unknown>; requestPayload: unknown });
    expect(record?.requestContext).toMatchObject({ condition: "RetriesExhausted", approximateInvokeCount: 2 });
    expect(record?.requestPayload).toEqual({ n: 1 });
    await stop(second.child);
    for (const c of [lambda, sqs, sqs2]) c.destroy();
  });

  describe("SNS HTTP", () => {
    const hits: { type: string | undefined; body: string }[] = [];
    const statuses: number[] = [];
    let http: Server;
    let url = "";
    beforeAll(async () => {
      http = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          hits.push({ type: req.headers["x-amz-sns-message-type"] as string | undefined, body });
          res.statusCode = statuses.shift() ?? 200;
          res.end();
        });
      });
      await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(http.address() as { port: number }).port}/hook`;
    });
    afterAll(() => new Promise<void>((r) => http.close(() => r())));

    it("keeps a subscription's pending retry across the restart", async () => {
      const dataDir = join(dir, "sns-http");
      const first = await start(dataDir, "--virtual-clock");
      const sns = new SNSClient(config(first.endpoint));
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "orders" }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: url }));
      await adminCall(first.endpoint, "POST", "/_local/settle");
      const confirmation = JSON.parse(hits[0]!.body) as { SubscribeURL: string };
      expect((await fetch(confirmation.SubscribeURL)).status).toBe(200);
      statuses.push(500);
      await sns.send(new PublishCommand({ TopicArn, Message: "order 1" }));
      await adminCall(first.endpoint, "POST", "/_local/settle");
      expect(hits.map((h) => h.type)).toEqual(["SubscriptionConfirmation", "Notification"]);
      await kill9(first.child);

      const second = await start(dataDir, "--virtual-clock");
      await adminCall(second.endpoint, "POST", "/_local/settle");
      expect(hits).toHaveLength(2);
      await adminCall(second.endpoint, "POST", "/_local/clock", { advanceMs: 20_000 });
      expect(hits.map((h) => h.type)).toEqual(["SubscriptionConfirmation", "Notification", "Notification"]);
      expect(JSON.parse(hits[2]!.body)).toMatchObject({ Type: "Notification", Message: "order 1", TopicArn });
      await stop(second.child);
      sns.destroy();
    });
  });
});
