/** Topics and subscriptions: lookups, rows to domain objects, default attributes. */
import type { QueueState } from "../state.js";
import type { SubscriptionRow, TopicRow } from "../store.js";
import type { Subscription, Topic } from "./model.js";

export function topicFromRow(row: TopicRow): Topic {
  const attrs = JSON.parse(row.attrs) as Record<string, string>;
  return { arn: row.arn, account: row.account, region: row.region, name: row.name, fifo: attrs.FifoTopic === "true", attrs, tags: JSON.parse(row.tags) as Record<string, string> };
}

export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  return {
    arn: row.arn,
    topicArn: row.topic_arn,
    account: row.account,
    region: row.region,
    protocol: row.protocol,
    endpoint: row.endpoint,
    owner: row.owner,
    attrs: JSON.parse(row.attrs) as Record<string, string>,
    confirmed: row.confirmed === 1,
    token: row.token,
  };
}

export function findTopic(state: QueueState, arn: string | undefined): Topic | undefined {
  if (!arn) return undefined;
  const row = state.sql.topicByArn.get(arn);
  return row ? topicFromRow(row) : undefined;
}

export function defaultPolicy(arn: string, account: string): string {
  return JSON.stringify({
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        Resource: arn,
        Condition: { StringEquals: { "AWS:SourceOwner": account } },
      },
    ],
  });
}

export const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
  },
});

export const TOPIC_SETTABLE = new Set([
  "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig", "ContentBasedDeduplication",
  "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
  "HTTPSuccessFeedbackRoleArn", "HTTPFailureFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate",
  "LambdaSuccessFeedbackRoleArn", "LambdaFailureFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate",
  "SQSSuccessFeedbackRoleArn", "SQSFailureFeedbackRoleArn", "SQSSuccessFeedbackSampleRate",
  "ApplicationSuccessFeedbackRoleArn", "ApplicationFailureFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate",
  "FirehoseSuccessFeedbackRoleArn", "FirehoseFailureFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate",
]);

export const SUBSCRIPTION_SETTABLE = new Set(["DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"]);
