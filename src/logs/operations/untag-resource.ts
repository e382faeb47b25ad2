import type { UntagResourceRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { groupByArn, removeTags } from "../tags.js";
import type { Needs } from "../validate.js";

export const untagResource = logsOperation<Needs<UntagResourceRequest, "resourceArn" | "tagKeys">, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, state) {
    const { ls } = state;
    ctx.store.txn(() => removeTags(ls, groupByArn(ls, ctx, input.resourceArn), input.tagKeys));
    return {};
  },
});
