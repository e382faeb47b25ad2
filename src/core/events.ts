/**
 * Every bus event, in one file. Events are facts, named `<service>.<PastTense>`, published after
 * the store has committed them. A service adds its events here and nowhere else.
 */

export interface Scope {
  accountId: string;
  region: string;
}

/** A change committed to a DynamoDB table (the raw material of Streams). */
export interface DynamoItemChanged extends Scope {
  tableName: string;
  tableArn: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  /** AttributeValue maps in wire form. */
  keys: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  sequenceNumber: string;
  approximateCreationDateTime: number;
  sizeBytes: number;
  /** The stream the record belongs to (set when written to the event log for DynamoDB Streams). */
  streamArn?: string;
  /** The stream's view type: which images the record carries. */
  streamViewType?: string;
  /** Set for deletions done by the TTL sweeper. */
  userIdentity?: { type: "Service"; principalId: "dynamodb.amazonaws.com" };
}

/**
 * A bucket notification to deliver: `message` is the exact JSON S3 sends the target —
 * `{"Records":[<event record>]}`, or the `s3:TestEvent` object when a configuration is saved.
 * The Lambda runtime delivers `lambda` targets (async invoke), the queue service `sqs`/`sns`.
 */
export interface S3NotificationMatched extends Scope {
  bucket: string;
  targetType: "lambda" | "sqs" | "sns";
  targetArn: string;
  message: Record<string, unknown>;
}

export interface S3ObjectChanged extends Scope {
  bucket: string;
  key: string;
  eventName: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  sequencer: string;
}

export interface QueueMessageSent extends Scope {
  queueArn: string;
  queueUrl: string;
  messageId: string;
}

export interface SchedulerRuleFired extends Scope {
  ruleArn: string;
  time: number;
}

export interface LambdaInvocationCompleted extends Scope {
  functionArn: string;
  requestId: string;
  invocationType: "RequestResponse" | "Event";
  outcome: "success" | "error" | "throttled";
}

export interface LogEventsWritten extends Scope {
  logGroupName: string;
  logStreamName: string;
  count: number;
}

/** A wake-up for readers of a Kinesis stream (Firehose sources, event source mappings). */
export interface KinesisRecordsPut extends Scope {
  streamArn: string;
}

/**
 * An event an AWS service sends to EventBridge's default bus itself (Step Functions' `aws.states`
 * "Step Functions Execution Status Change", ...): EventBridge wraps it in its envelope and routes it.
 */
export interface ServiceEventEmitted extends Scope {
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  /** Clock time of the change (the envelope's `time`). */
  time: number;
}

export interface Events {
  "dynamo.ItemChanged": DynamoItemChanged;
  "s3.ObjectCreated": S3ObjectChanged;
  "s3.ObjectRemoved": S3ObjectChanged;
  "s3.NotificationMatched": S3NotificationMatched;
  "queue.MessageSent": QueueMessageSent;
  "scheduler.RuleFired": SchedulerRuleFired;
  "lambda.InvocationCompleted": LambdaInvocationCompleted;
  "logs.EventsWritten": LogEventsWritten;
  "kinesis.RecordsPut": KinesisRecordsPut;
}

export type EventName = keyof Events;
