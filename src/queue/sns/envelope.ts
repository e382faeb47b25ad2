/** The JSON SNS wraps a message in for SQS, HTTP and email-json subscribers, and Lambda's event. */
import { createHash } from "node:crypto";
import type { PublishedMessage, Subscription } from "./model.js";

export function signingCertUrl(region: string): string {
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-local-aws.pem`;
}

function unsubscribeUrl(endpoint: string, subscriptionArn: string): string {
  return `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;
}

/** Not verifiable with AWS's certificate (we do not have its key): a digest of the signed fields. */
export function signature(fields: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64").repeat(5).slice(0, 172) + "==";
}

export function messageFor(m: PublishedMessage, protocol: string): string {
  if (!m.structured) return m.message;
  return m.structured[protocol] ?? m.structured.default!;
}

function envelopeAttributes(m: PublishedMessage): Record<string, { Type: string; Value: string }> | undefined {
  if (!m.attributes || Object.keys(m.attributes).length === 0) return undefined;
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [k, a] of Object.entries(m.attributes)) out[k] = { Type: a.DataType, Value: a.BinaryValue ?? a.StringValue ?? "" };
  return out;
}

/** The Notification document, keys in AWS's order. */
export function envelope(m: PublishedMessage, sub: Subscription, endpoint: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    Type: "Notification",
    MessageId: m.messageId,
    SequenceNumber: m.sequenceNumber,
    TopicArn: m.topic.arn,
    Subject: m.subject,
    Message: messageFor(m, sub.protocol),
    Timestamp: new Date(m.timestamp).toISOString(),
    SignatureVersion: m.topic.attrs.SignatureVersion ?? "1",
  };
  base.Signature = signature(base);
  base.SigningCertURL = signingCertUrl(m.topic.region);
  base.UnsubscribeURL = unsubscribeUrl(endpoint, sub.arn);
  base.MessageAttributes = envelopeAttributes(m);
  return JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
}

/** Lambda's SNS event: one record, with `Url` spelled as Lambda spells it and Subject null when absent. */
export function lambdaEvent(m: PublishedMessage, sub: Subscription, endpoint: string): Record<string, unknown> {
  const env = envelope(m, sub, endpoint);
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: sub.arn,
        Sns: {
          Type: "Notification",
          MessageId: m.messageId,
          TopicArn: m.topic.arn,
          Subject: m.subject ?? null,
          Message: messageFor(m, "lambda"),
          Timestamp: env.Timestamp,
          SignatureVersion: env.SignatureVersion,
          Signature: env.Signature,
          SigningCertUrl: env.SigningCertURL,
          UnsubscribeUrl: env.UnsubscribeURL,
          MessageAttributes: env.MessageAttributes ?? {},
        },
      },
    ],
  };
}

export function confirmationDocument(sub: Subscription, region: string, endpoint: string, messageId: string, timestamp: number): Record<string, unknown> {
  const base: Record<string, unknown> = {
    Type: "SubscriptionConfirmation",
    MessageId: messageId,
    Token: sub.token,
    TopicArn: sub.topicArn,
    Message: `You have chosen to subscribe to the topic ${sub.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `${endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(sub.topicArn)}&Token=${sub.token}`,
    Timestamp: new Date(timestamp).toISOString(),
    SignatureVersion: "1",
  };
  base.Signature = signature(base);
  base.SigningCertURL = signingCertUrl(region);
  return base;
}
