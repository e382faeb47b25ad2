import type { UntagLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { removeTags } from "../tags.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const untagLogGroup = defineOperation<Needs<UntagLogGroupRequest, "logGroupName" | "tags">, Record<string, never>>({
  name: "UntagLogGroup",
  handle(input, ctx) {
    checkGroupName(check(input)).required("tags").type("tags", "list").length("tags", 1, undefined).done();
    const { ls } = logsState(ctx.store);
    ctx.store.txn(() => removeTags(ls, requireGroup(ls, ctx, input.logGroupName), input.tags));
    return {};
  },
});
