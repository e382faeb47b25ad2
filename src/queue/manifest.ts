import type { ServiceManifest } from "../core/service.js";

export const SQS_ACTIONS = [
  "CreateQueue", "GetQueueUrl", "ListQueues", "GetQueueAttributes", "SetQueueAttributes", "DeleteQueue", "PurgeQueue",
  "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
  "ChangeMessageVisibilityBatch", "TagQueue", "UntagQueue", "ListQueueTags", "ListDeadLetterSourceQueues",
  "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask", "AddPermission", "RemovePermission",
];

export const SNS_ACTIONS = [
  "CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "ConfirmSubscription",
  "Unsubscribe", "ListSubscriptions", "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "SetSubscriptionAttributes",
  "Publish", "PublishBatch", "TagResource", "UntagResource", "ListTagsForResource",
];

/** SQS (AWS JSON 1.0 and Query) and SNS (Query). */
export const queueManifest: ServiceManifest = {
  name: "queue",
  tablePrefix: "sqs_",
  apis: [
    { id: "sqs-json", protocol: "awsJson1_0", endpointName: "sqs", signingNames: ["sqs"], targetPrefixes: ["AmazonSQS"] },
    { id: "sqs-query", protocol: "awsQuery", endpointName: "sqs", signingNames: ["sqs"], queryActions: SQS_ACTIONS },
    { id: "sns", protocol: "awsQuery", endpointName: "sns", signingNames: ["sns"], queryActions: SNS_ACTIONS },
  ],
  dataPlane: { paths: [/^\/_local\/sns\/messages(\?|$)/] },
  provides: ["MessageSink", "QueueConsumer"],
  consumes: { "s3-notifications": ["s3.NotificationMatched"] },
  authorization: () => import("./iam-authorization.js").then((m) => m.queueAuthorization),
  load: () => import("./index.js").then((m) => m.service),
};
