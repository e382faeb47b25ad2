import type { ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult } from "@aws-sdk/client-sqs";
import { batchError, checkBatch, type BatchError } from "../../sqs/batch.js";
import { queueForUrl } from "../../sqs/queues.js";
import { changeVisibility } from "../../sqs/receipts.js";
import { queueOperation } from "../../state.js";

export const changeMessageVisibilityBatch = queueOperation<ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult>({
  name: "ChangeMessageVisibilityBatch",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const entries = checkBatch(input.Entries, "ChangeMessageVisibilityBatchRequestEntry");
    const ok: { Id: string }[] = [];
    const failed: BatchError[] = [];
    ctx.store.txn(() => {
      for (const e of entries) {
        try {
          changeVisibility(state, queue, e.ReceiptHandle, e.VisibilityTimeout);
          ok.push({ Id: e.Id });
        } catch (err) {
          failed.push(batchError(e.Id, err));
        }
      }
    });
    return { Successful: ok, Failed: failed };
  },
});
