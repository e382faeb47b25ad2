import type { ChangeMessageVisibilityRequest } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { queueForUrl } from "../../sqs/queues.js";
import { changeVisibility } from "../../sqs/receipts.js";
import { stateOf } from "../../state.js";

export const changeMessageVisibility = defineOperation<ChangeMessageVisibilityRequest, Record<string, never>>({
  name: "ChangeMessageVisibility",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    changeVisibility(state, queueForUrl(state, input.QueueUrl, ctx), input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  },
});
