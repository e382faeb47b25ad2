import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { stateOf } from "../../state.js";

export const listTagsForResource = defineOperation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  name: "ListTagsForResource",
  handle(input, ctx) {
    const topic = findTopic(stateOf(ctx.store), input.ResourceArn);
    if (!topic) throw snsErrors.resourceNotFound("Resource does not exist");
    return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
