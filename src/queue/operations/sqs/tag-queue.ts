import type { TagQueueRequest } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { forgetQueue, queueForUrl } from "../../sqs/queues.js";
import { validateTags } from "../../sqs/tags.js";
import { queueOperation } from "../../state.js";

export const tagQueue = queueOperation<TagQueueRequest, Record<string, never>>({
  name: "TagQueue",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    if (!input.Tags || Object.keys(input.Tags).length === 0) throw sqsErrors.missingParameter("Tags");
    const tags = { ...queue.tags, ...input.Tags };
    validateTags(tags);
    state.sql.updateQueueTags.run(JSON.stringify(tags), queue.id);
    forgetQueue(state, queue);
    return {};
  },
});
