import type { ListQueueTagsRequest, ListQueueTagsResult } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { queueForUrl } from "../../sqs/queues.js";
import { keyValueList } from "../../sqs/query-shapes.js";
import { stateOf } from "../../state.js";

export const listQueueTags = defineOperation<ListQueueTagsRequest, ListQueueTagsResult>({
  name: "ListQueueTags",
  toQuery: (o) => ({ Tag: keyValueList(o.Tags) }),
  handle(input, ctx) {
    const queue = queueForUrl(stateOf(ctx.store), input.QueueUrl, ctx);
    return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
  },
});
