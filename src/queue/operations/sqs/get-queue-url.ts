import type { GetQueueUrlRequest, GetQueueUrlResult } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { sqsErrors } from "../../errors.js";
import { findQueue, queueUrl } from "../../sqs/queues.js";
import { stateOf } from "../../state.js";

export const getQueueUrl = defineOperation<GetQueueUrlRequest, GetQueueUrlResult>({
  name: "GetQueueUrl",
  handle(input, ctx) {
    if (!input.QueueName) throw sqsErrors.missingParameter("QueueName");
    const queue = findQueue(stateOf(ctx.store), input.QueueOwnerAWSAccountId ?? ctx.accountId, ctx.region, input.QueueName);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: queueUrl(ctx.endpoint, queue) };
  },
});
