/** Every operation of the queue service, by API. */
import { addPermission } from "./sqs/add-permission.js";
import { cancelMessageMoveTask } from "./sqs/cancel-message-move-task.js";
import { changeMessageVisibilityBatch } from "./sqs/change-message-visibility-batch.js";
import { changeMessageVisibility } from "./sqs/change-message-visibility.js";
import { createQueue } from "./sqs/create-queue.js";
import { deleteMessageBatch } from "./sqs/delete-message-batch.js";
import { deleteMessage } from "./sqs/delete-message.js";
import { deleteQueue } from "./sqs/delete-queue.js";
import { getQueueAttributes } from "./sqs/get-queue-attributes.js";
import { getQueueUrl } from "./sqs/get-queue-url.js";
import { listDeadLetterSourceQueues } from "./sqs/list-dead-letter-source-queues.js";
import { listMessageMoveTasks } from "./sqs/list-message-move-tasks.js";
import { listQueueTags } from "./sqs/list-queue-tags.js";
import { listQueues } from "./sqs/list-queues.js";
import { purgeQueue } from "./sqs/purge-queue.js";
import { receiveMessage } from "./sqs/receive-message.js";
import { removePermission } from "./sqs/remove-permission.js";
import { sendMessageBatch } from "./sqs/send-message-batch.js";
import { sendMessage } from "./sqs/send-message.js";
import { setQueueAttributes } from "./sqs/set-queue-attributes.js";
import { startMessageMoveTask } from "./sqs/start-message-move-task.js";
import { tagQueue } from "./sqs/tag-queue.js";
import { untagQueue } from "./sqs/untag-queue.js";

export const sqsOperations = [
  createQueue, getQueueUrl, listQueues, getQueueAttributes, setQueueAttributes, deleteQueue, purgeQueue,
  sendMessage, sendMessageBatch, receiveMessage, deleteMessage, deleteMessageBatch, changeMessageVisibility,
  changeMessageVisibilityBatch, tagQueue, untagQueue, listQueueTags, listDeadLetterSourceQueues,
  startMessageMoveTask, listMessageMoveTasks, cancelMessageMoveTask, addPermission, removePermission,
];

import { confirmSubscription } from "./sns/confirm-subscription.js";
import { createTopic } from "./sns/create-topic.js";
import { deleteTopic } from "./sns/delete-topic.js";
import { getSubscriptionAttributes } from "./sns/get-subscription-attributes.js";
import { getTopicAttributes } from "./sns/get-topic-attributes.js";
import { listSubscriptionsByTopic } from "./sns/list-subscriptions-by-topic.js";
import { listSubscriptions } from "./sns/list-subscriptions.js";
import { listTagsForResource } from "./sns/list-tags-for-resource.js";
import { listTopics } from "./sns/list-topics.js";
import { publishBatch } from "./sns/publish-batch.js";
import { publish } from "./sns/publish.js";
import { setSubscriptionAttributes } from "./sns/set-subscription-attributes.js";
import { setTopicAttributes } from "./sns/set-topic-attributes.js";
import { subscribe } from "./sns/subscribe.js";
import { tagResource } from "./sns/tag-resource.js";
import { unsubscribe } from "./sns/unsubscribe.js";
import { untagResource } from "./sns/untag-resource.js";

export const snsOperations = [
  createTopic, deleteTopic, listTopics, getTopicAttributes, setTopicAttributes, subscribe, confirmSubscription, unsubscribe,
  listSubscriptions, listSubscriptionsByTopic, getSubscriptionAttributes, setSubscriptionAttributes, publish, publishBatch,
  tagResource, untagResource, listTagsForResource,
];
