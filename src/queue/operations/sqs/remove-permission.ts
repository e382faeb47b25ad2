import type { RemovePermissionRequest } from "@aws-sdk/client-sqs";
import { withoutPermission } from "../../sqs/permissions.js";
import { queueForUrl } from "../../sqs/queues.js";
import { setPolicy } from "../../sqs/queue-policy.js";
import { queueOperation } from "../../state.js";

export const removePermission = queueOperation<RemovePermissionRequest, Record<string, never>>({
  name: "RemovePermission",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    setPolicy(state, queue, withoutPermission(queue, input.Label), ctx.clock.now());
    return {};
  },
});
