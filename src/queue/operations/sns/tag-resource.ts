import type { TagResourceRequest } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const tagResource = queueOperation<TagResourceRequest, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.ResourceArn);
    if (!topic) throw snsErrors.resourceNotFound("Resource does not exist");
    const tags = { ...topic.tags };
    for (const t of input.Tags ?? []) tags[t.Key!] = t.Value ?? "";
    if (Object.keys(tags).length > 50) throw snsErrors.tagLimitExceeded();
    state.sql.updateTopicTags.run(JSON.stringify(tags), topic.arn);
    return {};
  },
});
