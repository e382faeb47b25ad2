import type { CreateQueueRequest, CreateQueueResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { initialAttributes, validateAttributes } from "../../sqs/queue-attributes.js";
import { findQueue, forgetQueue, queueUrl } from "../../sqs/queues.js";
import { checkRedriveTarget } from "../../sqs/redrive.js";
import { validateTags } from "../../sqs/tags.js";
import { queueOperation } from "../../state.js";

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

export const createQueue = queueOperation<CreateQueueRequest, CreateQueueResult>({
  name: "CreateQueue",
  handle(input, ctx, state) {
    const name = input.QueueName;
    if (!name) throw sqsErrors.missingParameter("QueueName");
    const given = (input.Attributes ?? {}) as Record<string, string>;
    const fifo = String(given.FifoQueue ?? "").toLowerCase() === "true";
    if (fifo && !FIFO_NAME.test(name)) {
      throw sqsErrors.invalidParameterValue("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
    }
    if (!fifo && !NAME.test(name)) throw sqsErrors.invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    const attrs = validateAttributes(given, fifo, true);
    const tags = input.tags ?? {};
    validateTags(tags);
    const existing = findQueue(state, ctx.accountId, ctx.region, name);
    if (existing) {
      for (const [k, v] of Object.entries(attrs)) if (existing.attrs[k] !== v) throw sqsErrors.queueNameExists(k);
      return { QueueUrl: queueUrl(ctx.endpoint, existing) };
    }
    const deleted = state.sql.deletedAt.get(ctx.accountId, ctx.region, name);
    const now = ctx.clock.now();
    if (deleted && now - deleted.deleted_at < 60_000 && now >= deleted.deleted_at) throw sqsErrors.queueDeletedRecently();
    checkRedriveTarget(state, attrs.RedrivePolicy, fifo, ctx.region);
    const seconds = Math.floor(now / 1000) * 1000;
    state.sql.insertQueue.run(ctx.accountId, ctx.region, name, JSON.stringify(initialAttributes(attrs, fifo)), JSON.stringify(tags), seconds, seconds);
    forgetQueue(state, { account: ctx.accountId, region: ctx.region, name });
    return { QueueUrl: queueUrl(ctx.endpoint, { account: ctx.accountId, name }) };
  },
});
