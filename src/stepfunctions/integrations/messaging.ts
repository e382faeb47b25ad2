/** `sqs:sendMessage` and `sns:publish` through the queue service's MessageSink port. */
import { createHash, randomUUID } from "node:crypto";
import type { MessageSink, OutgoingMessage, OutgoingMessageAttribute } from "../../core/ports.js";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import { sdkMetadata, serviceFailure } from "./errors.js";

function text(value: Json | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function attributes(value: Json | undefined): Record<string, OutgoingMessageAttribute> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, OutgoingMessageAttribute> = {};
  for (const name of Object.keys(value)) {
    const a = value[name];
    if (!isObject(a)) continue;
    out[name] = {
      DataType: String(a.DataType ?? "String"),
      ...(a.StringValue !== undefined ? { StringValue: String(a.StringValue) } : {}),
      ...(typeof a.BinaryValue === "string" ? { BinaryValue: Buffer.from(a.BinaryValue, "base64") } : {}),
    };
  }
  return out;
}

function message(params: JsonObject, bodyField: string): OutgoingMessage {
  return {
    body: text(params[bodyField]),
    attributes: attributes(params.MessageAttributes),
    messageGroupId: typeof params.MessageGroupId === "string" ? params.MessageGroupId : undefined,
    messageDeduplicationId: typeof params.MessageDeduplicationId === "string" ? params.MessageDeduplicationId : undefined,
    subject: typeof params.Subject === "string" ? params.Subject : undefined,
  };
}

function required(params: Json, field: string, integration: string): JsonObject {
  if (!isObject(params) || typeof params[field] !== "string") throw new StatesError("States.Runtime", `The field '${field}' is required for the ${integration} integration`);
  return params;
}

export async function sendMessage(sink: MessageSink, params: Json): Promise<Json> {
  const p = required(params, "QueueUrl", "sqs:sendMessage");
  const msg = message(p, "MessageBody");
  const requestId = randomUUID();
  try {
    const { messageId } = await sink.sendToQueue(String(p.QueueUrl), msg);
    return { MD5OfMessageBody: createHash("md5").update(msg.body).digest("hex"), MessageId: messageId, ...(sdkMetadata(requestId) as JsonObject) };
  } catch (err) {
    throw serviceFailure("SQS", "AmazonSQS", err, requestId);
  }
}

export async function publish(sink: MessageSink, params: Json): Promise<Json> {
  const p = required(params, "TopicArn", "sns:publish");
  const msg = message(p, "Message");
  const requestId = randomUUID();
  try {
    const { messageId } = await sink.publishToTopic(String(p.TopicArn), msg);
    return { MessageId: messageId, ...(sdkMetadata(requestId) as JsonObject) };
  } catch (err) {
    throw serviceFailure("SNS", "AmazonSNS", err, requestId);
  }
}
