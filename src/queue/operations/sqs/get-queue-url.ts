import type { GetQueueUrlRequest, GetQueueUrlResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { findQueue, queueUrl } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export const getQueueUrl = queueOperation<GetQueueUrlRequest, GetQueueUrlResult>({
  name: "GetQueueUrl",
  handle(input, ctx, state) {
    if (!input.QueueName) throw sqsErrors.missingParameter("QueueName");
    const queue = findQueue(state, input.QueueOwnerAWSAccountId ?? ctx.accountId, ctx.region, input.QueueName);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: queueUrl(ctx.endpoint, queue) };
  },
});
