import type { UntagQueueRequest } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { forgetQueue, queueForUrl } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export const untagQueue = queueOperation<UntagQueueRequest, Record<string, never>>({
  name: "UntagQueue",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    if (!input.TagKeys || input.TagKeys.length === 0) throw sqsErrors.missingParameter("TagKeys");
    const tags = { ...queue.tags };
    for (const k of input.TagKeys) delete tags[k];
    state.sql.updateQueueTags.run(JSON.stringify(tags), queue.id);
    forgetQueue(state, queue);
    return {};
  },
});
