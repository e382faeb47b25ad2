import type { UntagResourceRequest } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const untagResource = queueOperation<UntagResourceRequest, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.ResourceArn);
    if (!topic) throw snsErrors.resourceNotFound("Resource does not exist");
    const tags = { ...topic.tags };
    for (const k of input.TagKeys ?? []) delete tags[k];
    state.sql.updateTopicTags.run(JSON.stringify(tags), topic.arn);
    return {};
  },
});
