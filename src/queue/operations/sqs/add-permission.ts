import type { AddPermissionRequest } from "@aws-sdk/client-sqs";
import { withPermission } from "../../sqs/permissions.js";
import { queueForUrl } from "../../sqs/queues.js";
import { setPolicy } from "../../sqs/queue-policy.js";
import { queueOperation } from "../../state.js";

export const addPermission = queueOperation<AddPermissionRequest, Record<string, never>>({
  name: "AddPermission",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    setPolicy(state, queue, withPermission(queue, input.Label, input.AWSAccountIds, input.Actions), ctx.clock.now());
    return {};
  },
});
