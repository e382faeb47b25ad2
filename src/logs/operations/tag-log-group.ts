import type { TagLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { addTags } from "../tags.js";
import type { Needs } from "../validate.js";

export const tagLogGroup = logsOperation<Needs<TagLogGroupRequest, "logGroupName" | "tags">, Record<string, never>>({
  name: "TagLogGroup",
  handle(input, ctx, state) {
    const { ls } = state;
    ctx.store.txn(() => addTags(ls, requireGroup(ls, ctx, input.logGroupName), input.tags, input.logGroupName));
    return {};
  },
});
