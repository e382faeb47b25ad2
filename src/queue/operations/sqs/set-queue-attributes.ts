import type { SetQueueAttributesRequest } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { validateAttributes } from "../../sqs/queue-attributes.js";
import { forgetQueue, queueForUrl } from "../../sqs/queues.js";
import { checkRedriveTarget } from "../../sqs/redrive.js";
import { queueOperation } from "../../state.js";

export const setQueueAttributes = queueOperation<SetQueueAttributesRequest, Record<string, never>>({
  name: "SetQueueAttributes",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    if (!input.Attributes) throw sqsErrors.missingParameter("Attributes");
    const given = validateAttributes(input.Attributes as Record<string, string>, queue.fifo, false);
    checkRedriveTarget(state, given.RedrivePolicy, queue.fifo, ctx.region);
    const attrs = { ...queue.attrs, ...given };
    for (const [k, v] of Object.entries(given)) if (v === "" && (k === "RedrivePolicy" || k === "Policy" || k === "RedriveAllowPolicy")) delete attrs[k];
    state.sql.updateQueueAttrs.run(JSON.stringify(attrs), Math.floor(ctx.clock.now() / 1000) * 1000, queue.id);
    forgetQueue(state, queue);
    return {};
  },
});
