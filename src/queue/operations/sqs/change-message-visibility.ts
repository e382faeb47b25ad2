import type { ChangeMessageVisibilityRequest } from "@aws-sdk/client-sqs";
import { queueForUrl } from "../../sqs/queues.js";
import { changeVisibility } from "../../sqs/receipts.js";
import { queueOperation } from "../../state.js";

export const changeMessageVisibility = queueOperation<ChangeMessageVisibilityRequest, Record<string, never>>({
  name: "ChangeMessageVisibility",
  handle(input, ctx, state) {
    changeVisibility(state, queueForUrl(state, input.QueueUrl, ctx), input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  },
});
