/**
 * Every kind of fact the durable event log carries, in one file (as `events.ts` is for the bus).
 * A fact is something another service must act on even if the process dies right after the change
 * that caused it committed. A service adds its kinds here: the payload type and its retention.
 */
import type { DynamoItemChanged, S3NotificationMatched, ServiceEventEmitted } from "../events.js";

export interface Facts {
  /** A bucket notification to deliver (the runtime takes `lambda` targets, the queue service `sqs`/`sns`). */
  "s3.NotificationMatched": S3NotificationMatched;
  /** A committed change to a DynamoDB item (Streams; appended only when a stream is enabled). */
  "dynamo.ItemChanged": DynamoItemChanged;
  /** An AWS service's own event for the default event bus (EventBridge routes it). */
  "aws.ServiceEventEmitted": ServiceEventEmitted;
}

export type FactKind = keyof Facts;

/**
 * What a producer knows of a fact whichever way it appends it — the whole payload, or, when its own
 * SQL writes the fact's row (`ServiceEventLog.appended`), the fields it had at hand — and what a
 * consumer's `accepts` decides from.
 */
export interface FactHeads {
  "s3.NotificationMatched": Facts["s3.NotificationMatched"];
  /** Its table: the old image and the event name (INSERT or MODIFY) may be known only to the SQL that wrote the row. */
  "dynamo.ItemChanged": Pick<DynamoItemChanged, "accountId" | "region" | "tableName">;
  "aws.ServiceEventEmitted": Facts["aws.ServiceEventEmitted"];
}

export interface FactRetention {
  /** Facts older than this are dropped whether or not every consumer has read them. */
  maxAgeMs: number;
  /** Drop a fact as soon as every consumer of its kind has read it (internal deliveries). */
  dropWhenConsumed: boolean;
}

const HOUR = 3_600_000;

/** Per kind: 24 hours for stream records, as AWS keeps them; internal deliveries go once read. */
export const factRetention: Record<FactKind, FactRetention> = {
  "s3.NotificationMatched": { maxAgeMs: 24 * HOUR, dropWhenConsumed: true },
  "dynamo.ItemChanged": { maxAgeMs: 24 * HOUR, dropWhenConsumed: false },
  "aws.ServiceEventEmitted": { maxAgeMs: 24 * HOUR, dropWhenConsumed: true },
};
