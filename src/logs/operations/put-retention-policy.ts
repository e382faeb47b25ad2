import type { PutRetentionPolicyRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";


export const putRetentionPolicy = logsOperation<Needs<PutRetentionPolicyRequest, "logGroupName" | "retentionInDays">, Record<string, never>>({
  name: "PutRetentionPolicy",
  handle(input, ctx, state) {
    const { ls } = state;
    ls.setRetention.run(input.retentionInDays, requireGroup(ls, ctx, input.logGroupName).id);
    return {};
  },
});
