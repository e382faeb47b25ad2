/** The ports this service offers others: QueueConsumer (Lambda's SQS poller) and MessageSink. */
import type { ConsumedMessage, MessageSink, QueueConsumer } from "../core/ports.js";
import { LocalAwsError } from "../core/errors.js";
import type { MessageAttribute } from "./sqs/model.js";
import { queueForArn, queueForArnOrUrl, queueUrl } from "./sqs/queues.js";
import { changeVisibility, deleteByReceipt } from "./sqs/receipts.js";
import { receiveNow, SYSTEM_ATTRIBUTE_NAMES, toReceived } from "./sqs/receive.js";
import { sendMessages } from "./sqs/send.js";
import { validateMessage } from "./sqs/validate-message.js";
import { publishToTopic, topicExists } from "./sns/publish.js";
import type { QueueState } from "./state.js";

function requireQueue(state: QueueState, arn: string) {
  const queue = queueForArn(state, arn);
  if (!queue) throw new LocalAwsError("LA_ERR_NO_QUEUE", `queue ${arn} does not exist`);
  return queue;
}

export function queueConsumer(state: QueueState): QueueConsumer {
  return {
    async receive(queueArn, options) {
      const queue = requireQueue(state, queueArn);
      const rows = receiveNow(state, queue, { maxMessages: options.maxMessages, visibilityTimeout: options.visibilityTimeoutSeconds });
      return rows.map((row): ConsumedMessage => {
        const m = toReceived(queue, row, SYSTEM_ATTRIBUTE_NAMES, ["All"]);
        const attrs = (m.MessageAttributes ?? {}) as Record<string, MessageAttribute>;
        return {
          messageId: m.MessageId,
          receiptHandle: m.ReceiptHandle,
          body: m.Body,
          attributes: m.Attributes ?? {},
          messageAttributes: Object.fromEntries(
            Object.entries(attrs).map(([k, a]) => [k, { DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue === undefined ? undefined : Buffer.from(a.BinaryValue, "base64") }]),
          ),
          md5OfBody: m.MD5OfBody,
          md5OfMessageAttributes: m.MD5OfMessageAttributes,
        };
      });
    },
    async deleteMessages(queueArn, receiptHandles) {
      const queue = requireQueue(state, queueArn);
      state.env.store.txn(() => {
        for (const h of receiptHandles) deleteByReceipt(state, queue, h);
      });
    },
    async changeVisibility(queueArn, receiptHandle, seconds) {
      changeVisibility(state, requireQueue(state, queueArn), receiptHandle, seconds);
    },
    async describe(queueArn) {
      const queue = queueForArn(state, queueArn);
      if (!queue) return undefined;
      return { queueUrl: queueUrl(state.env.endpoint(), queue), visibilityTimeoutSeconds: queue.visibilityTimeout, fifo: queue.fifo };
    },
  };
}

export function messageSink(state: QueueState): MessageSink {
  return {
    async sendToQueue(ref, message) {
      const queue = queueForArnOrUrl(state, ref);
      if (!queue) throw new LocalAwsError("LA_ERR_NO_QUEUE", `queue ${ref} does not exist`);
      const attributes = message.attributes
        ? Object.fromEntries(Object.entries(message.attributes).map(([k, a]) => [k, { DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue?.toString("base64") }]))
        : undefined;
      const { message: valid } = validateMessage(queue, {
        MessageBody: message.body,
        MessageAttributes: attributes,
        MessageGroupId: message.messageGroupId,
        MessageDeduplicationId: message.messageDeduplicationId,
      });
      const [result] = sendMessages(state, queue, [valid], queue.account);
      return { messageId: result!.MessageId };
    },
    async publishToTopic(topicArn, message) {
      return publishToTopic(state, topicArn, message);
    },
    async queueExists(queueArn) {
      return queueForArn(state, queueArn) !== undefined;
    },
    async topicExists(topicArn) {
      return topicExists(state, topicArn);
    },
  };
}
