/** What SendMessage checks before a message is accepted (AWS's messages). */
import { sqsErrors } from "../errors.js";
import type { MessageAttribute, Queue } from "./model.js";

const ALLOWED_BODY = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;

export interface MessageInput {
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: Record<string, MessageAttribute>;
  MessageSystemAttributes?: Record<string, MessageAttribute>;
  MessageGroupId?: unknown;
  MessageDeduplicationId?: unknown;
}

export interface ValidMessage {
  body: string;
  delaySeconds?: number;
  attributes?: Record<string, MessageAttribute>;
  traceHeader?: string;
  groupId?: string;
  dedupId?: string;
}

export function validateAttributes(attributes: Record<string, MessageAttribute> | undefined, kind: "message" | "system"): number {
  if (!attributes) return 0;
  const names = Object.keys(attributes);
  if (kind === "message" && names.length > 10) throw sqsErrors.invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [10].`);
  let size = 0;
  for (const name of names) {
    const a = attributes[name]!;
    if (kind === "system" && name !== "AWSTraceHeader") {
      throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    if (kind === "message" && (!ATTRIBUTE_NAME.test(name) || /^(aws\.|amazon\.)/i.test(name))) {
      throw sqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.`);
    }
    if (!a || typeof a !== "object" || !a.DataType) throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!TYPE.test(a.DataType)) {
      throw sqsErrors.invalidParameterValue(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    const binary = a.DataType.startsWith("Binary");
    const value = binary ? a.BinaryValue : a.StringValue;
    if (value === undefined || value === "") {
      throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${a.DataType.split(".")[0]}'.`);
    }
    if (a.DataType.startsWith("Number") && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(String(value))) {
      throw sqsErrors.invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    }
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + (binary ? Buffer.from(String(value), "base64").length : Buffer.byteLength(String(value)));
  }
  return size;
}

/** Returns the message ready to store, or throws the error SendMessage would answer. */
export function validateMessage(queue: Queue, input: MessageInput): { message: ValidMessage; size: number } {
  if (input.MessageBody === undefined || input.MessageBody === null || input.MessageBody === "") throw sqsErrors.missingParameter("MessageBody");
  const body = String(input.MessageBody);
  const bad = ALLOWED_BODY.exec(body);
  if (bad) {
    throw sqsErrors.invalidMessageContents(
      `Invalid binary character '#x${bad[0].codePointAt(0)!.toString(16).toUpperCase()}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  }
  let delaySeconds: number | undefined;
  if (input.DelaySeconds !== undefined && input.DelaySeconds !== null) {
    delaySeconds = Number(input.DelaySeconds);
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw sqsErrors.invalidValueFor("DelaySeconds", input.DelaySeconds, "DelaySeconds must be >= 0 and <= 900.");
    }
    if (queue.fifo && delaySeconds > 0) {
      throw sqsErrors.invalidValueFor("DelaySeconds", input.DelaySeconds, "The request include parameter that is not valid for this queue type.");
    }
  }
  const size = Buffer.byteLength(body) + validateAttributes(input.MessageAttributes, "message");
  validateAttributes(input.MessageSystemAttributes, "system");
  if (size > queue.maxMessageSize) {
    throw sqsErrors.invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${queue.maxMessageSize} bytes.`);
  }
  const groupId = input.MessageGroupId === undefined || input.MessageGroupId === null ? undefined : String(input.MessageGroupId);
  const dedupId = input.MessageDeduplicationId === undefined || input.MessageDeduplicationId === null ? undefined : String(input.MessageDeduplicationId);
  if (queue.fifo) {
    if (!groupId) throw sqsErrors.missingParameter("MessageGroupId");
    if (!dedupId && !queue.contentDedup) {
      throw sqsErrors.invalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
    }
  } else if (dedupId !== undefined) {
    throw sqsErrors.invalidValueFor("MessageDeduplicationId", dedupId, "The request includes a parameter that is not valid for this queue type.");
  }
  for (const [param, value] of [["MessageGroupId", groupId], ["MessageDeduplicationId", dedupId]] as const) {
    if (value !== undefined && !/^[\x21-\x7E]{1,128}$/.test(value)) {
      throw sqsErrors.invalidValueFor(param, value, `${param} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
    }
  }
  const attributes = input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0 ? input.MessageAttributes : undefined;
  return {
    message: { body, delaySeconds, attributes, traceHeader: input.MessageSystemAttributes?.AWSTraceHeader?.StringValue, groupId, dedupId },
    size,
  };
}
