import type { DeleteMessageBatchRequest, DeleteMessageBatchResult } from "@aws-sdk/client-sqs";
import { batchError, checkBatch, type BatchError } from "../../sqs/batch.js";
import { queueForUrl } from "../../sqs/queues.js";
import { deleteByReceipts, parseHandle } from "../../sqs/receipts.js";
import { queueOperation } from "../../state.js";

export const deleteMessageBatch = queueOperation<DeleteMessageBatchRequest, DeleteMessageBatchResult>({
  name: "DeleteMessageBatch",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const entries = checkBatch(input.Entries, "DeleteMessageBatchRequestEntry");
    const ok: { Id: string }[] = [];
    const failed: BatchError[] = [];
    const handles: { seq: number; token: string }[] = [];
    for (const e of entries) {
      try {
        handles.push(parseHandle(queue, e.ReceiptHandle));
        ok.push({ Id: e.Id });
      } catch (err) {
        failed.push(batchError(e.Id, err));
      }
    }
    // One statement per receipt token (usually one): atomic without BEGIN/COMMIT around it.
    if (handles.length > 0) deleteByReceipts(state, queue, handles);
    return { Successful: ok, Failed: failed };
  },
});
