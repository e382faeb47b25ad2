import type { UntagLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { removeTags } from "../tags.js";
import type { Needs } from "../validate.js";

export const untagLogGroup = logsOperation<Needs<UntagLogGroupRequest, "logGroupName" | "tags">, Record<string, never>>({
  name: "UntagLogGroup",
  handle(input, ctx, state) {
    const { ls } = state;
    ctx.store.txn(() => removeTags(ls, requireGroup(ls, ctx, input.logGroupName), input.tags));
    return {};
  },
});
