/** The SNS domain: topics, subscriptions, messages as published. */

export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  /** base64 text, as both wire forms carry it. */
  BinaryValue?: string;
}

export interface Topic {
  arn: string;
  account: string;
  region: string;
  name: string;
  fifo: boolean;
  attrs: Record<string, string>;
  tags: Record<string, string>;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  account: string;
  region: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attrs: Record<string, string>;
  confirmed: boolean;
  token: string | null;
}

export interface PublishedMessage {
  messageId: string;
  topic: Topic;
  message: string;
  subject?: string;
  /** Per-protocol messages when MessageStructure is json (`default` always present). */
  structured?: Record<string, string>;
  attributes?: Record<string, SnsMessageAttribute>;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
  timestamp: number;
}
