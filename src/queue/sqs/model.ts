/** The SQS domain as the service keeps it (AWS member names, values as on the wire). */

/** A message attribute; BinaryValue is base64 text as both protocols carry it. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** A queue's settable attributes as strings (AWS's representation), plus identity. */
export interface Queue {
  id: number;
  account: string;
  region: string;
  name: string;
  arn: string;
  fifo: boolean;
  attrs: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  purgedAt: number | null;
  visibilityTimeout: number;
  delaySeconds: number;
  retentionSeconds: number;
  maxMessageSize: number;
  waitSeconds: number;
  contentDedup: boolean;
  dedupScopeGroup: boolean;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

/** System attributes kept with a message (the ones that are not computed from its row). */
export interface SystemAttributes {
  SenderId: string;
  AWSTraceHeader?: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  SequenceNumber?: string;
  DeadLetterQueueSourceArn?: string;
}

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, MessageAttribute>;
}
