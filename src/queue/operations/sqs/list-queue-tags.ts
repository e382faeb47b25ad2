import type { ListQueueTagsRequest, ListQueueTagsResult } from "@aws-sdk/client-sqs";
import { queueForUrl } from "../../sqs/queues.js";
import { keyValueList } from "../../sqs/query-shapes.js";
import { queueOperation } from "../../state.js";

export const listQueueTags = queueOperation<ListQueueTagsRequest, ListQueueTagsResult>({
  name: "ListQueueTags",
  toQuery: (o) => ({ Tag: keyValueList(o.Tags) }),
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
  },
});
