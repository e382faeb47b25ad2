/** Helpers shared by the EventBridge and Scheduler specs: queues to receive deliveries, a recording function. */
import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import { strToU8, zipSync } from "fflate";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uniqueName } from "../helpers/index.js";

export async function queue(sqs: SQSClient, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const fifo = attributes.FifoQueue === "true";
  const name = uniqueName("q") + (fifo ? ".fifo" : "");
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:000000000000:${name}` };
}

/** Every message now in the queue, deleted from it (receives until empty; bounded). */
export async function drain(sqs: SQSClient, url: string): Promise<Message[]> {
  const out: Message[] = [];
  for (let i = 0; i < 50; i++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 3600, MessageAttributeNames: ["All"] }));
    if (!Messages?.length) break;
    out.push(...Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return out;
}

export function bodies(messages: Message[]): unknown[] {
  return messages.map((m) => JSON.parse(m.Body!) as unknown);
}

const outDir = mkdtempSync(join(tmpdir(), "la-events-"));

/** A function that appends every event it receives to a file; `events()` reads them back. */
export async function recordingFunction(lambda: LambdaClient): Promise<{ name: string; arn: string; events(): Record<string, unknown>[] }> {
  const file = join(outDir, `${uniqueName("rec")}.jsonl`);
  const name = uniqueName("fn");
  const source = `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); return 1; };`;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Handler: "index.handler",
      Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) },
      Environment: { Variables: { OUT: file } },
    }),
  );
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    events: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : []),
  };
}
