import type { AddPermissionRequest } from "@aws-sdk/client-sqs";
import { withPermission } from "../../sqs/permissions.js";
import { queueForUrl } from "../../sqs/queues.js";
import { strings } from "../../sqs/query-shapes.js";
import { setPolicy } from "../../sqs/queue-policy.js";
import { queueOperation } from "../../state.js";

export const addPermission = queueOperation<AddPermissionRequest, Record<string, never>>({
  name: "AddPermission",
  fromQuery: (p) => ({ QueueUrl: p.QueueUrl as string, Label: p.Label as string, AWSAccountIds: strings(p.AWSAccountId), Actions: strings(p.ActionName) }),
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    setPolicy(state, queue, withPermission(queue, input.Label, input.AWSAccountIds, input.Actions), ctx.clock.now());
    return {};
  },
});
