/** Publish: validation (AWS's messages), FIFO deduplication, then fan-out to every subscription. */
import { createHash } from "node:crypto";
import { LocalAwsError } from "../../core/errors.js";
import type { OutgoingMessage } from "../../core/ports.js";
import { snsErrors } from "../errors.js";
import type { QueueState } from "../state.js";
import { deliver, newMessageId } from "./deliver.js";
import type { PublishedMessage, SnsMessageAttribute, Topic } from "./model.js";
import { findTopic, subscriptionFromRow } from "./topics.js";

/** SNS messages stay limited to 256 KiB (SQS went to 1 MiB in 2025). */
export const MAX_PUBLISH_BYTES = 262_144;
const DEDUP_WINDOW_MS = 5 * 60_000;
const SEQUENCE_BASE = 10_000_000_000_000_000_000n;

export interface PublishInput {
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, SnsMessageAttribute>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

function checkAttributes(attributes: Record<string, SnsMessageAttribute> | undefined): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes ?? {})) {
    if (!a?.DataType) throw snsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!/^(String|Number|Binary)(\..+)?$/.test(a.DataType)) {
      throw snsErrors.invalidParameterValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    const value = a.DataType.startsWith("Binary") ? a.BinaryValue : a.StringValue;
    if (value === undefined || value === "") throw snsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${a.DataType}'.`);
    if (a.DataType.startsWith("Number") && Number.isNaN(Number(value))) {
      throw snsErrors.invalidParameterValue(`An error occurred while trying to cast the value of message attribute '${name}' to a number.`);
    }
    if (a.DataType === "String.Array") {
      let ok = false;
      try {
        ok = Array.isArray(JSON.parse(value));
      } catch {
        ok = false;
      }
      if (!ok) throw snsErrors.invalidParameterValue(`Invalid value for message attribute '${name}' of type 'String.Array'.`);
    }
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + Buffer.byteLength(value);
  }
  return size;
}

/** Checks a message as Publish would; returns what to fan out (message id not yet assigned). */
export function validatePublish(topic: Topic, input: PublishInput): Omit<PublishedMessage, "messageId" | "timestamp"> {
  if (input.Message === undefined || input.Message === null || input.Message === "") throw snsErrors.invalidParameter("Invalid parameter: Empty message");
  const message = String(input.Message);
  if (input.Subject !== undefined && (input.Subject === "" || input.Subject.length > 100 || /[\r\n]/.test(input.Subject))) {
    throw snsErrors.invalidParameter("Invalid parameter: Subject");
  }
  let structured: Record<string, string> | undefined;
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== "json") throw snsErrors.invalidParameter("Invalid parameter: MessageStructure");
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw snsErrors.invalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
    }
    if (!parsed || typeof parsed !== "object" || typeof (parsed as Record<string, unknown>).default !== "string") {
      throw snsErrors.invalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
    }
    structured = parsed as Record<string, string>;
  }
  const size = Buffer.byteLength(message) + checkAttributes(input.MessageAttributes);
  if (size > MAX_PUBLISH_BYTES) throw snsErrors.invalidParameter("Invalid parameter: Message too long");
  if (topic.fifo) {
    if (!input.MessageGroupId) throw snsErrors.invalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
    if (!input.MessageDeduplicationId && topic.attrs.ContentBasedDeduplication !== "true") {
      throw snsErrors.invalidParameter("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
    }
  } else if (input.MessageDeduplicationId !== undefined) {
    throw snsErrors.invalidParameter("Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
  }
  const attributes = input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0 ? input.MessageAttributes : undefined;
  return { topic, message, subject: input.Subject, structured, attributes, groupId: input.MessageGroupId, dedupId: input.MessageDeduplicationId };
}

/** Assigns id (or finds the FIFO duplicate), then delivers to every subscription. */
export function publish(state: QueueState, m: Omit<PublishedMessage, "messageId" | "timestamp">, endpoint: string): { MessageId: string; SequenceNumber?: string } {
  const { sql, env } = state;
  const now = env.clock.now();
  let sequenceNumber: string | undefined;
  let dedupId: string | undefined;
  if (m.topic.fifo) {
    dedupId = m.dedupId ?? createHash("sha256").update(m.message, "utf8").digest("hex");
    const seen = sql.snsDedupGet.get(m.topic.arn, dedupId);
    if (seen && seen.expires_at > now) return { MessageId: seen.message_id, SequenceNumber: seen.sequence ?? undefined };
  }
  const messageId = newMessageId();
  if (m.topic.fifo) {
    env.store.txn(() => {
      const counter = sql.nextTopicSeq.get(m.topic.arn)!.seq_counter;
      sequenceNumber = (SEQUENCE_BASE + BigInt(counter)).toString();
      sql.snsDedupPut.run(m.topic.arn, dedupId, messageId, sequenceNumber, now + DEDUP_WINDOW_MS);
    });
  }
  const published: PublishedMessage = { ...m, messageId, timestamp: now, sequenceNumber, dedupId };
  for (const row of sql.subscriptionsOfTopic.all(m.topic.arn)) deliver(state, subscriptionFromRow(row), published, endpoint);
  return { MessageId: messageId, SequenceNumber: sequenceNumber };
}

/** The MessageSink port's publish. */
export function publishToTopic(state: QueueState, topicArn: string, message: OutgoingMessage): { messageId: string } {
  const topic = findTopic(state, topicArn);
  if (!topic) throw new LocalAwsError("LA_ERR_NO_TOPIC", `topic ${topicArn} does not exist`);
  const attributes = message.attributes
    ? Object.fromEntries(Object.entries(message.attributes).map(([k, a]) => [k, { DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue?.toString("base64") }]))
    : undefined;
  const valid = validatePublish(topic, {
    Message: message.body,
    Subject: message.subject,
    MessageAttributes: attributes,
    MessageGroupId: message.messageGroupId,
    MessageDeduplicationId: message.messageDeduplicationId ?? (topic.fifo && topic.attrs.ContentBasedDeduplication !== "true" ? newMessageId() : undefined),
  });
  return { messageId: publish(state, valid, state.env.endpoint()).MessageId };
}

export function topicExists(state: QueueState, topicArn: string): boolean {
  return findTopic(state, topicArn) !== undefined;
}
