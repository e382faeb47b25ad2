/**
 * What `--enforce-iam` authorizes in SQS and SNS: `sqs:<Action>` on the queue ARN (batch actions
 * need their single form: SendMessageBatch → sqs:SendMessage), `sns:<Action>` on the topic ARN.
 * Denials as each answers them: SQS writes the action in lower case (`sqs:sendmessage`), SNS as
 * `SNS:Publish`, with its 403 AuthorizationError.
 */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";
import { AwsError } from "../core/errors.js";

const BATCH: Record<string, string> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
  PublishBatch: "Publish",
};

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function queueArn(q: AuthorizationQuery): string {
  const url = str(q.input.QueueUrl);
  if (url) {
    const m = /\/(\d{12})\/([^/?]+)\/?$/.exec(url);
    if (m) return `arn:aws:sqs:${q.region}:${m[1]}:${m[2]}`;
  }
  const name = str(q.input.QueueName);
  return name ? `arn:aws:sqs:${q.region}:${q.accountId}:${name}` : "*";
}

function topicArn(q: AuthorizationQuery): string {
  const topic = str(q.input.TopicArn) ?? str(q.input.TargetArn) ?? str(q.input.ResourceArn);
  if (topic) return topic;
  const subscription = str(q.input.SubscriptionArn);
  if (subscription) return subscription.slice(0, subscription.lastIndexOf(":"));
  const name = str(q.input.Name);
  return name && q.operation === "CreateTopic" ? `arn:aws:sns:${q.region}:${q.accountId}:${name}` : "*";
}

function targets(q: AuthorizationQuery): AuthorizationTarget[] {
  const operation = BATCH[q.operation] ?? q.operation;
  if (q.api === "sns") return [{ action: `sns:${operation}`, resource: topicArn(q) }];
  return [{ action: `sqs:${operation}`, resource: q.operation === "ListQueues" ? "*" : queueArn(q) }];
}

export const queueAuthorization: ServiceAuthorization = {
  targets,
  actionInMessage: (api, action) => (api === "sns" ? action.replace(/^sns:/, "SNS:") : action.toLowerCase()),
  accessDenied: (api, message) => (api === "sns" ? new AwsError("AuthorizationError", message, { status: 403 }) : new AwsError("AccessDenied", message, { status: 403 })),
};
