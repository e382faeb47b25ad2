/** Queue attributes: AWS's defaults, ranges and validation, and the Queue view of a row. */
import { arns } from "../../core/arn.js";
import { sqsErrors } from "../errors.js";
import type { QueueRow } from "../store.js";
import type { Queue } from "./model.js";

/** Since August 2025 SQS accepts messages up to 1 MiB, and that is the default maximum. */
export const MAX_MESSAGE_BYTES = 1_048_576;

const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, MAX_MESSAGE_BYTES],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: "0",
  MaximumMessageSize: String(MAX_MESSAGE_BYTES),
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
  SqsManagedSseEnabled: "true",
};

const SETTABLE = new Set([
  ...Object.keys(RANGES),
  "Policy",
  "RedrivePolicy",
  "RedriveAllowPolicy",
  "KmsMasterKeyId",
  "SqsManagedSseEnabled",
  "ContentBasedDeduplication",
  "DeduplicationScope",
  "FifoThroughputLimit",
]);
const FIFO_ONLY = new Set(["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]);

export const COMPUTED_ATTRIBUTES = [
  "QueueArn",
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp",
  "LastModifiedTimestamp",
];

export const ALL_ATTRIBUTE_NAMES = new Set([...COMPUTED_ATTRIBUTES, ...SETTABLE, "FifoQueue"]);

/**
 * Validates attributes given to CreateQueue (`creating`, FifoQueue allowed) or SetQueueAttributes,
 * returning them normalised (booleans lower-case, RedrivePolicy re-serialised as AWS shows it).
 */
export function validateAttributes(given: Record<string, string>, fifo: boolean, creating: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    const value = String(raw);
    if (name === "FifoQueue") {
      if (!creating) throw sqsErrors.invalidAttributeName(name);
      if (value.toLowerCase() !== "true" && value.toLowerCase() !== "false") throw sqsErrors.invalidAttributeValue(name);
      if (value.toLowerCase() === "true") out.FifoQueue = "true";
      continue;
    }
    if (!SETTABLE.has(name)) throw sqsErrors.invalidAttributeName(name);
    if (FIFO_ONLY.has(name) && !fifo) throw sqsErrors.invalidAttributeName(name);
    const range = RANGES[name];
    if (range) {
      const n = Number(value);
      if (!/^-?\d+$/.test(value.trim()) || n < range[0] || n > range[1]) throw sqsErrors.invalidAttributeValue(name);
      out[name] = String(n);
    } else if (name === "ContentBasedDeduplication" || name === "SqsManagedSseEnabled") {
      if (!/^(true|false)$/i.test(value)) throw sqsErrors.invalidAttributeValue(name);
      out[name] = value.toLowerCase();
    } else if (name === "DeduplicationScope") {
      if (value !== "messageGroup" && value !== "queue") throw sqsErrors.invalidAttributeValue(name);
      out[name] = value;
    } else if (name === "FifoThroughputLimit") {
      if (value !== "perQueue" && value !== "perMessageGroupId") throw sqsErrors.invalidAttributeValue(name);
      out[name] = value;
    } else if (name === "RedrivePolicy") {
      out[name] = value === "" ? "" : normaliseRedrivePolicy(value);
    } else if (name === "Policy" || name === "RedriveAllowPolicy") {
      if (value !== "") {
        try {
          JSON.parse(value);
        } catch {
          throw sqsErrors.invalidAttributeValue(name);
        }
      }
      out[name] = value;
    } else {
      out[name] = value;
    }
  }
  if (out.FifoThroughputLimit === "perMessageGroupId" && (out.DeduplicationScope ?? "queue") === "queue" && creating) {
    throw sqsErrors.invalidAttributeValue("FifoThroughputLimit");
  }
  return out;
}

function normaliseRedrivePolicy(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw sqsErrors.invalidAttributeValue("RedrivePolicy");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw sqsErrors.invalidParameterValue("Value " + value + " for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.");
  }
  const { deadLetterTargetArn: target, maxReceiveCount } = parsed as Record<string, unknown>;
  const count = Number(maxReceiveCount);
  if (typeof target !== "string" || !target) {
    throw sqsErrors.invalidParameterValue("Value " + value + " for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.");
  }
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw sqsErrors.invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${String(maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}

export function queueFromRow(row: QueueRow): Queue {
  const attrs = JSON.parse(row.attrs) as Record<string, string>;
  const fifo = attrs.FifoQueue === "true";
  let redrive: Queue["redrive"];
  if (attrs.RedrivePolicy) {
    const p = JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number };
    redrive = { deadLetterTargetArn: p.deadLetterTargetArn, maxReceiveCount: Number(p.maxReceiveCount) };
  }
  return {
    id: row.id,
    account: row.account,
    region: row.region,
    name: row.name,
    arn: arns.sqsQueue(row.region, row.account, row.name),
    fifo,
    attrs,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    purgedAt: row.purged_at,
    visibilityTimeout: Number(attrs.VisibilityTimeout),
    delaySeconds: Number(attrs.DelaySeconds),
    retentionSeconds: Number(attrs.MessageRetentionPeriod),
    maxMessageSize: Number(attrs.MaximumMessageSize),
    waitSeconds: Number(attrs.ReceiveMessageWaitTimeSeconds),
    contentDedup: attrs.ContentBasedDeduplication === "true",
    dedupScopeGroup: attrs.DeduplicationScope === "messageGroup",
    redrive,
  };
}

/** The attributes a new queue starts with. */
export function initialAttributes(given: Record<string, string>, fifo: boolean): Record<string, string> {
  const attrs = { ...DEFAULT_ATTRIBUTES, ...given };
  if (fifo) {
    attrs.FifoQueue = "true";
    attrs.ContentBasedDeduplication ??= "false";
    attrs.DeduplicationScope ??= "queue";
    attrs.FifoThroughputLimit ??= "perQueue";
  }
  return attrs;
}
