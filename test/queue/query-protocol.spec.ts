import { describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

function form(params: Record<string, string>, path = "/") {
  return rawRequest(ctx.endpoint, {
    method: "POST",
    path,
    headers: { "content-type": "application/x-www-form-urlencoded", host: new URL(ctx.endpoint).host },
    body: new URLSearchParams(params).toString(),
  });
}

describe("errors", () => {
  it("answers an unknown queue with the legacy code in an ErrorResponse", async () => {
    const res = await form({ Action: "GetQueueUrl", QueueName: uniqueName("none"), Version: "2012-11-05" });
    expect(res.status).toBe(400);
    const xml = res.body.toString();
    expect(xml).toContain("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>");
    expect(xml).toContain("<Message>The specified queue does not exist.</Message>");
    expect(xml).toContain("<Type>Sender</Type>");
  });

  it("sends x-amzn-query-error to JSON clients in query mode", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.GetQueueUrl", "x-amzn-query-mode": "true" },
      body: JSON.stringify({ QueueName: uniqueName("none") }),
    });
    expect(res.status).toBe(400);
    expect(res.headers["x-amzn-query-error"]).toBe("AWS.SimpleQueueService.NonExistentQueue;Sender");
    expect(JSON.parse(res.body.toString())).toEqual({ __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." });
  });
});

describe("behaviour", () => {
  it("serves requests sent to the queue URL without a QueueUrl parameter", async () => {
    const name = uniqueName("path");
    const created = await form({ Action: "CreateQueue", QueueName: name, "Attribute.1.Name": "DelaySeconds", "Attribute.1.Value": "0" });
    expect(created.body.toString()).toContain(`<QueueUrl>${ctx.endpoint}/000000000000/${name}</QueueUrl>`);
    const sent = await form(
      { Action: "SendMessage", MessageBody: "via path", "MessageAttribute.1.Name": "a", "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "b" },
      `/000000000000/${name}`,
    );
    expect(sent.status).toBe(200);
    expect(sent.body.toString()).toMatch(/<SendMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><SendMessageResult><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}<\/MD5OfMessageAttributes><MessageId>/);
    const got = await form({ Action: "ReceiveMessage", "AttributeName.1": "All", "MessageAttributeName.1": "All" }, `/000000000000/${name}`);
    const xml = got.body.toString();
    expect(xml).toContain("<Body>via path</Body>");
    expect(xml).toContain("<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>");
    expect(xml).toContain("<MessageAttribute><Name>a</Name><Value><StringValue>b</StringValue><DataType>String</DataType></Value></MessageAttribute>");
  });
});

describe("AddPermission and RemovePermission over Query", () => {
  it("reads AWSAccountId.N and ActionName.N and writes the statement into the Policy", async () => {
    const name = uniqueName("perm");
    const created = await form({ Action: "CreateQueue", QueueName: name, Version: "2012-11-05" });
    const url = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.body.toString())![1]!;
    const added = await form({ Action: "AddPermission", QueueUrl: url, Label: "Cli", "AWSAccountId.1": "111122223333", "ActionName.1": "SendMessage", "ActionName.2": "ReceiveMessage", Version: "2012-11-05" });
    expect(added.status).toBe(200);
    expect(added.body.toString()).toContain("<AddPermissionResponse");
    const attrs = await form({ Action: "GetQueueAttributes", QueueUrl: url, "AttributeName.1": "Policy", Version: "2012-11-05" });
    const policy = JSON.parse(/<Value>([^<]+)<\/Value>/.exec(attrs.body.toString())![1]!.replace(/&quot;/g, '"')) as { Statement: { Sid: string; Action: string[] }[] };
    expect(policy.Statement).toMatchObject([{ Sid: "Cli", Action: ["SQS:SendMessage", "SQS:ReceiveMessage"] }]);
    const removed = await form({ Action: "RemovePermission", QueueUrl: url, Label: "Cli", Version: "2012-11-05" });
    expect(removed.status).toBe(200);
  });
});
