/**
 * SQS over Query, read and written from SQS's last Query model (models/sqs-query.json.gz): the
 * names the AWS CLI v2 before 2.13 and older SDKs send (`Attribute.N.Name`, `Tag.N.Key`,
 * `TagKey.N`, `AWSAccountId.N`, batch entries) and the flattened elements they read back, with
 * SQS's own errors for bad values. Sent as raw form bodies, the way those clients send them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/core/models/index.js";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

async function call(action: string, params: Record<string, string>, path = "/") {
  const res = await rawRequest(ctx.endpoint, {
    method: "POST",
    path,
    headers: { "content-type": "application/x-www-form-urlencoded", host: new URL(ctx.endpoint).host },
    body: new URLSearchParams({ Action: action, Version: "2012-11-05", ...params }).toString(),
  });
  return { status: res.status, xml: res.body.toString() };
}

/** The texts of every `<name>` element, in order. */
function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);
}

async function newQueue(params: Record<string, string> = {}): Promise<{ name: string; url: string }> {
  const name = uniqueName("qm");
  const { status, xml } = await call("CreateQueue", { QueueName: name, ...params });
  expect(status, xml).toBe(200);
  return { name, url: all(xml, "QueueUrl")[0]! };
}

describe("queues", () => {
  it("reads Attribute.N and Tag.N, answers tags and attributes as flattened elements, untags by TagKey.N", async () => {
    const { url, name } = await newQueue({
      "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "7",
      "Tag.1.Key": "team", "Tag.1.Value": "a", "Tag.2.Key": "env", "Tag.2.Value": "b",
    });
    const tags = await call("ListQueueTags", { QueueUrl: url });
    expect(tags.xml).toContain("<ListQueueTagsResult><Tag><Key>team</Key><Value>a</Value></Tag><Tag><Key>env</Key><Value>b</Value></Tag></ListQueueTagsResult>");
    expect((await call("UntagQueue", { QueueUrl: url, "TagKey.1": "env" })).status).toBe(200);
    expect((await call("TagQueue", { QueueUrl: url, "Tag.1.Key": "x", "Tag.1.Value": "y" })).status).toBe(200);
    expect(all((await call("ListQueueTags", { QueueUrl: url })).xml, "Key")).toEqual(["team", "x"]);

    const attrs = await call("GetQueueAttributes", { QueueUrl: url, "AttributeName.1": "VisibilityTimeout", "AttributeName.2": "QueueArn" });
    expect(attrs.xml).toContain("<GetQueueAttributesResult><Attribute><Name>QueueArn</Name>");
    expect(attrs.xml).toContain("<Attribute><Name>VisibilityTimeout</Name><Value>7</Value></Attribute>");

    const listed = await call("ListQueues", { QueueNamePrefix: name });
    expect(listed.xml).toContain(`<ListQueuesResult><QueueUrl>${url}</QueueUrl></ListQueuesResult>`);
  });

  it("answers a missing tag list and a malformed number in SQS's words", async () => {
    const { url } = await newQueue();
    const untag = await call("UntagQueue", { QueueUrl: url });
    expect(untag.status).toBe(400);
    expect(untag.xml).toContain("<Code>MissingParameter</Code><Message>The request must contain the parameter TagKeys.</Message>");
    const receive = await call("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: "ten" });
    expect(receive.status).toBe(400);
    expect(receive.xml).toContain("<Code>InvalidParameterValue</Code><Message>Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.</Message>");
  });
});

describe("messages", () => {
  it("sends a batch with message attributes and answers successes and failures as flattened entries", async () => {
    const { url } = await newQueue();
    const sent = await call("SendMessageBatch", {
      QueueUrl: url,
      "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "one",
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name": "bin",
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType": "Binary",
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue": Buffer.from([0, 1, 2]).toString("base64"),
      "SendMessageBatchRequestEntry.2.Id": "b", "SendMessageBatchRequestEntry.2.MessageBody": "two", "SendMessageBatchRequestEntry.2.DelaySeconds": "901",
    });
    expect(sent.status).toBe(200);
    expect(sent.xml).toMatch(/<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a<\/Id><MessageId>[^<]+<\/MessageId><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}<\/MD5OfMessageAttributes><\/SendMessageBatchResultEntry>/);
    expect(sent.xml).toContain(
      "<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be &gt;= 0 and &lt;= 900.</Message></BatchResultErrorEntry></SendMessageBatchResult>",
    );

    const got = await call("ReceiveMessage", { QueueUrl: url, "MessageSystemAttributeName.1": "SentTimestamp", "MessageAttributeName.1": "All", VisibilityTimeout: "30" });
    expect(got.xml).toContain("<Body>one</Body>");
    expect(got.xml).toMatch(/<Attribute><Name>SentTimestamp<\/Name><Value>\d+<\/Value><\/Attribute>/);
    expect(got.xml).toContain("<MessageAttribute><Name>bin</Name><Value><BinaryValue>AAEC</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute>");
    const handle = all(got.xml, "ReceiptHandle")[0]!;

    const changed = await call("ChangeMessageVisibilityBatch", {
      QueueUrl: url,
      "ChangeMessageVisibilityBatchRequestEntry.1.Id": "v", "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle": handle, "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout": "60",
    });
    expect(changed.xml).toContain("<ChangeMessageVisibilityBatchResult><ChangeMessageVisibilityBatchResultEntry><Id>v</Id></ChangeMessageVisibilityBatchResultEntry></ChangeMessageVisibilityBatchResult>");
    const deleted = await call("DeleteMessageBatch", {
      QueueUrl: url,
      "DeleteMessageBatchRequestEntry.1.Id": "d", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handle,
      "DeleteMessageBatchRequestEntry.2.Id": "e", "DeleteMessageBatchRequestEntry.2.ReceiptHandle": "bogus",
    });
    expect(deleted.xml).toContain("<DeleteMessageBatchResultEntry><Id>d</Id></DeleteMessageBatchResultEntry>");
    expect(deleted.xml).toContain("<BatchResultErrorEntry><Id>e</Id><SenderFault>true</SenderFault><Code>ReceiptHandleIsInvalid</Code>");
  });
});

describe("dead-letter queues", () => {
  it("lists sources as QueueUrl elements and answers move tasks as ListMessageMoveTasksResultEntry elements", async () => {
    const dlq = await newQueue();
    const arn = all((await call("GetQueueAttributes", { QueueUrl: dlq.url, "AttributeName.1": "QueueArn" })).xml, "Value")[0]!;
    const source = await newQueue({ "Attribute.1.Name": "RedrivePolicy", "Attribute.1.Value": JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 2 }) });
    const sources = await call("ListDeadLetterSourceQueues", { QueueUrl: dlq.url });
    expect(sources.xml).toContain(`<ListDeadLetterSourceQueuesResult><QueueUrl>${source.url}</QueueUrl></ListDeadLetterSourceQueuesResult>`);

    for (const body of ["a", "b", "c"]) await call("SendMessage", { MessageBody: body }, new URL(dlq.url).pathname);
    const sourceArn = all((await call("GetQueueAttributes", { QueueUrl: source.url, "AttributeName.1": "QueueArn" })).xml, "Value")[0]!;
    const started = await call("StartMessageMoveTask", { SourceArn: arn, DestinationArn: sourceArn, MaxNumberOfMessagesPerSecond: "1" });
    const [taskHandle] = all(started.xml, "TaskHandle");
    expect(started.xml).toContain(`<StartMessageMoveTaskResult><TaskHandle>${taskHandle}</TaskHandle></StartMessageMoveTaskResult>`);
    const tasks = await call("ListMessageMoveTasks", { SourceArn: arn, MaxResults: "10" });
    expect(tasks.xml).toMatch(/<ListMessageMoveTasksResult><ListMessageMoveTasksResultEntry><TaskHandle>[^<]+<\/TaskHandle><Status>RUNNING<\/Status><SourceArn>/);
    expect(tasks.xml).toContain("<MaxNumberOfMessagesPerSecond>1</MaxNumberOfMessagesPerSecond>");
    const cancelled = await call("CancelMessageMoveTask", { TaskHandle: taskHandle! });
    expect(cancelled.xml).toMatch(/<CancelMessageMoveTaskResult><ApproximateNumberOfMessagesMoved>\d+<\/ApproximateNumberOfMessagesMoved><\/CancelMessageMoveTaskResult>/);
  });
});

describe("permissions", () => {
  it("reads AWSAccountId.N and ActionName.N (AddPermission answers an empty result)", async () => {
    const { url } = await newQueue();
    const added = await call("AddPermission", { QueueUrl: url, Label: "L", "AWSAccountId.1": "111122223333", "ActionName.1": "SendMessage" });
    expect(added.xml).toMatch(/^<\?xml version="1.0"\?><AddPermissionResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><ResponseMetadata><RequestId>/);
    const policy = all((await call("GetQueueAttributes", { QueueUrl: url, "AttributeName.1": "Policy" })).xml, "Value")[0]!;
    expect(policy).toContain("111122223333");
  });
});

describe("the vendored Query model", () => {
  it("is SQS's Query model of botocore 1.29.27, recorded in models/SOURCES with every other model's version", () => {
    const sources = readFileSync(new URL("../../models/SOURCES", import.meta.url), "utf8");
    expect(sources).toMatch(/^sqs-query +1\.29\.27 +sqs 2012-11-05 \(query\)/m);
    const vendored = readdirSync(new URL("../../models/", import.meta.url)).filter((f) => f.endsWith(".json.gz")).map((f) => f.slice(0, -".json.gz".length));
    for (const name of vendored) expect(sources, name).toMatch(new RegExp(`^${name} +\\d+\\.\\d+\\.\\d+ `, "m"));
    const model = loadModel("sqs-query");
    expect(model.metadata.protocol).toBe("query");
    expect(model.shapes.QueueAttributeMap).toMatchObject({ flattened: true, locationName: "Attribute" });
  });
});
