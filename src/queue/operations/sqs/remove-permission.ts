import type { RemovePermissionRequest } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { withoutPermission } from "../../sqs/permissions.js";
import { queueForUrl } from "../../sqs/queues.js";
import { setPolicy } from "../../sqs/queue-policy.js";
import { stateOf } from "../../state.js";

export const removePermission = defineOperation<RemovePermissionRequest, Record<string, never>>({
  name: "RemovePermission",
  fromQuery: (p) => ({ QueueUrl: p.QueueUrl as string, Label: p.Label as string }),
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    setPolicy(state, queue, withoutPermission(queue, input.Label), ctx.clock.now());
    return {};
  },
});
