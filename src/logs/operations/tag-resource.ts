import type { TagResourceRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { addTags, groupByArn } from "../tags.js";
import type { Needs } from "../validate.js";

export const tagResource = logsOperation<Needs<TagResourceRequest, "resourceArn" | "tags">, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, state) {
    const { ls } = state;
    ctx.store.txn(() => addTags(ls, groupByArn(ls, ctx, input.resourceArn), input.tags, input.resourceArn));
    return {};
  },
});
