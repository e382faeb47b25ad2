import type { DeleteRetentionPolicyRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const deleteRetentionPolicy = logsOperation<Needs<DeleteRetentionPolicyRequest, "logGroupName">, Record<string, never>>({
  name: "DeleteRetentionPolicy",
  handle(input, ctx, state) {
    const { ls } = state;
    ls.setRetention.run(null, requireGroup(ls, ctx, input.logGroupName).id);
    return {};
  },
});
