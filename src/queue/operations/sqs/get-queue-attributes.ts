import type { GetQueueAttributesRequest, GetQueueAttributesResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { ALL_ATTRIBUTE_NAMES } from "../../sqs/queue-attributes.js";
import { queueForUrl } from "../../sqs/queues.js";
import { enforceRetention } from "../../sqs/receive.js";
import { queueOperation } from "../../state.js";

export const getQueueAttributes = queueOperation<GetQueueAttributesRequest, GetQueueAttributesResult>({
  name: "GetQueueAttributes",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const names = (input.AttributeNames ?? []) as string[];
    for (const n of names) if (n !== "All" && !ALL_ATTRIBUTE_NAMES.has(n)) throw sqsErrors.invalidAttributeName(n);
    if (names.length === 0) return {};
    const all = names.includes("All");
    const now = ctx.clock.now();
    enforceRetention(state, queue, now);
    const counts = state.sql.counts.get({ now, queue: queue.id })!;
    const values: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(counts.visible ?? 0),
      ApproximateNumberOfMessagesNotVisible: String(counts.inflight ?? 0),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed ?? 0),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
      ...queue.attrs,
    };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if ((all || names.includes(k)) && v !== "") out[k] = v;
    return { Attributes: out };
  },
});
