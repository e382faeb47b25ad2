import type { DeleteRetentionPolicyRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const deleteRetentionPolicy = logsOperation<Needs<DeleteRetentionPolicyRequest, "logGroupName">, Record<string, never>>({
  name: "DeleteRetentionPolicy",
  handle(input, ctx, state) {
    checkGroupName(check(input)).done();
    const { ls } = state;
    ls.setRetention.run(null, requireGroup(ls, ctx, input.logGroupName).id);
    return {};
  },
});
