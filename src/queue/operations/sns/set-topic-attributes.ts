import type { SetTopicAttributesInput } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { findTopic, TOPIC_SETTABLE } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const setTopicAttributes = queueOperation<SetTopicAttributesInput, Record<string, never>>({
  name: "SetTopicAttributes",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.TopicArn);
    if (!topic) throw snsErrors.notFound();
    const name = input.AttributeName ?? "";
    if (!TOPIC_SETTABLE.has(name)) throw snsErrors.invalidParameter("Invalid parameter: AttributeName");
    if (name === "ContentBasedDeduplication" && !topic.fifo) throw snsErrors.invalidParameter("Invalid parameter: ContentBasedDeduplication Reason: Content-based deduplication can only be set for FIFO topics");
    const attrs = { ...topic.attrs, [name]: input.AttributeValue ?? "" };
    state.sql.updateTopicAttrs.run(JSON.stringify(attrs), topic.arn);
    return {};
  },
});
