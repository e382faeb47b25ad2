import type { TagResourceRequest } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { stateOf } from "../../state.js";

export const tagResource = defineOperation<TagResourceRequest, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    const topic = findTopic(state, input.ResourceArn);
    if (!topic) throw snsErrors.resourceNotFound("Resource does not exist");
    const tags = { ...topic.tags };
    for (const t of input.Tags ?? []) tags[t.Key!] = t.Value ?? "";
    if (Object.keys(tags).length > 50) throw snsErrors.tagLimitExceeded();
    state.sql.updateTopicTags.run(JSON.stringify(tags), topic.arn);
    return {};
  },
});
