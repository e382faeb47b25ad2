import type { CreateTopicInput, CreateTopicResponse } from "@aws-sdk/client-sns";
import { arns } from "../../../core/arn.js";
import { snsErrors } from "../../errors.js";
import { defaultPolicy, findTopic, TOPIC_SETTABLE } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const createTopic = queueOperation<CreateTopicInput, CreateTopicResponse>({
  name: "CreateTopic",
  handle(input, ctx, state) {
    const name = input.Name ?? "";
    const given = { ...(input.Attributes ?? {}) };
    const fifo = String(given.FifoTopic ?? "").toLowerCase() === "true";
    if (fifo && !/^[A-Za-z0-9_-]{1,251}\.fifo$/.test(name)) {
      throw snsErrors.invalidParameter("Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
    }
    if (!fifo && !/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw snsErrors.invalidParameter("Invalid parameter: Topic Name");
    for (const k of Object.keys(given)) {
      if (k !== "FifoTopic" && !TOPIC_SETTABLE.has(k)) throw snsErrors.invalidParameter(`Invalid parameter: Attributes Reason: Unknown attribute ${k}`);
    }
    if (given.ContentBasedDeduplication !== undefined && !fifo) throw snsErrors.invalidParameter("Invalid parameter: Attributes Reason: Content-based deduplication can only be set for FIFO topics");
    if (fifo) given.FifoTopic = "true";
    else delete given.FifoTopic;
    const arn = arns.snsTopic(ctx.region, ctx.accountId, name);
    const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key!, t.Value ?? ""]));
    const existing = findTopic(state, arn);
    if (existing) {
      for (const [k, v] of Object.entries(given)) {
        if (existing.attrs[k] !== v) throw snsErrors.invalidParameter("Invalid parameter: Attributes Reason: Topic already exists with different attributes");
      }
      for (const [k, v] of Object.entries(tags)) {
        if (existing.tags[k] !== v) throw snsErrors.invalidParameter("Invalid parameter: Tags Reason: Topic already exists with different tags");
      }
      return { TopicArn: arn };
    }
    const attrs: Record<string, string> = { Policy: defaultPolicy(arn, ctx.accountId), DisplayName: "", ...given };
    if (fifo) attrs.ContentBasedDeduplication ??= "false";
    state.sql.insertTopic.run(arn, ctx.accountId, ctx.region, name, JSON.stringify(attrs), JSON.stringify(tags), ctx.clock.now());
    return { TopicArn: arn };
  },
});
