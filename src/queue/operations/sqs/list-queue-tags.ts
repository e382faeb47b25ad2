import type { ListQueueTagsRequest, ListQueueTagsResult } from "@aws-sdk/client-sqs";
import { queueForUrl } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export const listQueueTags = queueOperation<ListQueueTagsRequest, ListQueueTagsResult>({
  name: "ListQueueTags",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
  },
});
