import type { DeleteRetentionPolicyRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const deleteRetentionPolicy = defineOperation<Needs<DeleteRetentionPolicyRequest, "logGroupName">, Record<string, never>>({
  name: "DeleteRetentionPolicy",
  handle(input, ctx) {
    checkGroupName(check(input)).done();
    const { ls } = logsState(ctx.store);
    ls.setRetention.run(null, requireGroup(ls, ctx, input.logGroupName).id);
    return {};
  },
});
