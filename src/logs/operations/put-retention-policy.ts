import type { PutRetentionPolicyRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const putRetentionPolicy = logsOperation<Needs<PutRetentionPolicyRequest, "logGroupName" | "retentionInDays">, Record<string, never>>({
  name: "PutRetentionPolicy",
  handle(input, ctx, state) {
    checkGroupName(check(input))
      .required("retentionInDays")
      .type("retentionInDays", "number")
      .oneOf("retentionInDays", RETENTION_DAYS)
      .done();
    const { ls } = state;
    ls.setRetention.run(input.retentionInDays, requireGroup(ls, ctx, input.logGroupName).id);
    return {};
  },
});
