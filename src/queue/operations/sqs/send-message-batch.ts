import type { SendMessageBatchRequest, SendMessageBatchRequestEntry, SendMessageBatchResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { batchError, checkBatch, type BatchError } from "../../sqs/batch.js";
import { MAX_MESSAGE_BYTES } from "../../sqs/queue-attributes.js";
import { RenderedOutput, sendBatchJson } from "../../sqs/json-output.js";
import { queueForUrl } from "../../sqs/queues.js";
import { sendMessages } from "../../sqs/send.js";
import { validateMessage, type MessageInput, type ValidMessage } from "../../sqs/validate-message.js";
import { queueOperation } from "../../state.js";

type Entry = SendMessageBatchRequestEntry & MessageInput;

export const sendMessageBatch = queueOperation<{ QueueUrl?: string; Entries?: Entry[] }, SendMessageBatchResult>({
  name: "SendMessageBatch",
  handle(input: SendMessageBatchRequest & { Entries?: Entry[] }, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const entries = checkBatch(input.Entries, "SendMessageBatchRequestEntry");
    const valid: { id: string; message: ValidMessage }[] = [];
    const failed: BatchError[] = [];
    let total = 0;
    for (const entry of entries) {
      total += Buffer.byteLength(String(entry.MessageBody ?? ""));
      try {
        const { message } = validateMessage(queue, entry);
        valid.push({ id: entry.Id, message });
      } catch (err) {
        failed.push(batchError(entry.Id, err));
      }
    }
    if (total > MAX_MESSAGE_BYTES) throw sqsErrors.batchRequestTooLong(MAX_MESSAGE_BYTES, total);
    const results = sendMessages(state, queue, valid.map((v) => v.message), ctx.accountId, { endpoint: ctx.endpoint });
    const successful = results.map((r, i) => ({ Id: valid[i]!.id, ...r }));
    return new RenderedOutput(sendBatchJson(successful, failed), { Successful: successful, Failed: failed }) as unknown as SendMessageBatchResult;
  },
});
