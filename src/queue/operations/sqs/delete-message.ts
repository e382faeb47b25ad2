import type { DeleteMessageRequest } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { queueForUrl } from "../../sqs/queues.js";
import { deleteByReceipt } from "../../sqs/receipts.js";
import { stateOf } from "../../state.js";

export const deleteMessage = defineOperation<DeleteMessageRequest, Record<string, never>>({
  name: "DeleteMessage",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    deleteByReceipt(state, queueForUrl(state, input.QueueUrl, ctx), input.ReceiptHandle);
    return {};
  },
});
