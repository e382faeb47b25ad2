import type { DeleteMessageRequest } from "@aws-sdk/client-sqs";
import { queueForUrl } from "../../sqs/queues.js";
import { deleteByReceipt } from "../../sqs/receipts.js";
import { queueOperation } from "../../state.js";

export const deleteMessage = queueOperation<DeleteMessageRequest, Record<string, never>>({
  name: "DeleteMessage",
  handle(input, ctx, state) {
    deleteByReceipt(state, queueForUrl(state, input.QueueUrl, ctx), input.ReceiptHandle);
    return {};
  },
});
