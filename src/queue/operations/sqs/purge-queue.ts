import type { PurgeQueueRequest } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { forgetQueue, queueForUrl } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export const purgeQueue = queueOperation<PurgeQueueRequest, Record<string, never>>({
  name: "PurgeQueue",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const now = ctx.clock.now();
    if (queue.purgedAt !== null && now - queue.purgedAt < 60_000 && now >= queue.purgedAt) throw sqsErrors.purgeQueueInProgress(queue.name);
    ctx.store.txn(() => {
      // Messages sent before the call are deleted; a send in the same millisecond counts as before.
      state.sql.deleteSentBefore.run(queue.id, now);
      state.sql.setPurgedAt.run(now, queue.id);
    });
    forgetQueue(state, queue);
    return {};
  },
});
