import type { PublishBatchInput, PublishBatchResponse, PublishBatchResultEntry, BatchResultErrorEntry } from "@aws-sdk/client-sns";
import { isAwsError } from "../../../core/errors.js";
import { snsErrors } from "../../errors.js";
import type { SnsMessageAttribute } from "../../sns/model.js";
import { MAX_PUBLISH_BYTES, publish, validatePublish, type PublishInput } from "../../sns/publish.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const publishBatch = queueOperation<PublishBatchInput, PublishBatchResponse>({
  name: "PublishBatch",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.TopicArn);
    if (!topic) throw snsErrors.notFound();
    const entries = input.PublishBatchRequestEntries ?? [];
    if (entries.length === 0) throw snsErrors.emptyBatch();
    if (entries.length > 10) throw snsErrors.tooManyEntries();
    const ids = new Set<string>();
    let total = 0;
    for (const e of entries) {
      if (!e.Id || !/^[A-Za-z0-9_-]{1,80}$/.test(e.Id)) throw snsErrors.invalidBatchEntryId();
      if (ids.has(e.Id)) throw snsErrors.idsNotDistinct();
      ids.add(e.Id);
      total += Buffer.byteLength(e.Message ?? "");
    }
    if (total > MAX_PUBLISH_BYTES) throw snsErrors.batchTooLong();
    const ok: PublishBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const e of entries) {
      try {
        const valid = validatePublish(topic, { ...e, MessageAttributes: e.MessageAttributes as Record<string, SnsMessageAttribute> | undefined } as PublishInput);
        const r = publish(state, valid, ctx.endpoint);
        ok.push({ Id: e.Id, MessageId: r.MessageId, SequenceNumber: r.SequenceNumber });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        failed.push({ Id: e.Id, Code: err.code, Message: err.message, SenderFault: err.fault === "client" });
      }
    }
    return { Successful: ok, Failed: failed };
  },
});
