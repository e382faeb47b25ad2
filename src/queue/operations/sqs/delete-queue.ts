import type { DeleteQueueRequest } from "@aws-sdk/client-sqs";
import { forgetQueue, queueForUrl } from "../../sqs/queues.js";
import { queueOperation, wakeAllReceivers } from "../../state.js";

export const deleteQueue = queueOperation<DeleteQueueRequest, Record<string, never>>({
  name: "DeleteQueue",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    ctx.store.txn(() => {
      state.sql.deleteAllMessages.run(queue.id);
      state.sql.dedupDropQueue.run(queue.id);
      state.sql.deleteQueue.run(queue.id);
      state.sql.recordDeleted.run(queue.account, queue.region, queue.name, ctx.clock.now());
    });
    forgetQueue(state, queue);
    wakeAllReceivers(state, queue.id);
    return {};
  },
});
