import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const listTagsForResource = queueOperation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.ResourceArn);
    if (!topic) throw snsErrors.resourceNotFound("Resource does not exist");
    return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
