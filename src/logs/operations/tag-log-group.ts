import type { TagLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { addTags } from "../tags.js";
import { check, checkGroupName, checkTags, type Needs } from "../validate.js";

export const tagLogGroup = defineOperation<Needs<TagLogGroupRequest, "logGroupName" | "tags">, Record<string, never>>({
  name: "TagLogGroup",
  handle(input, ctx) {
    const c = checkGroupName(check(input)).required("tags");
    checkTags(c, "tags", input.tags).done();
    const { ls } = logsState(ctx.store);
    ctx.store.txn(() => addTags(ls, requireGroup(ls, ctx, input.logGroupName), input.tags, input.logGroupName));
    return {};
  },
});
