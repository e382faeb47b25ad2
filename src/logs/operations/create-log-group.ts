import type { CreateLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const createLogGroup = logsOperation<Needs<CreateLogGroupRequest, "logGroupName">, Record<string, never>>({
  name: "CreateLogGroup",
  handle(input, ctx, state) {
    if (input.logGroupName.toLowerCase().startsWith("aws/")) throw logsErrors.invalidParameter("Log groups starting with AWS/ are reserved for AWS.");
    const { ls } = state;
    const result = ls.insertGroup.run(
      ctx.accountId,
      ctx.region,
      input.logGroupName,
      ctx.clock.now(),
      input.kmsKeyId ?? null,
      input.logGroupClass ?? "STANDARD",
      JSON.stringify(input.tags ?? {}),
    );
    if (result.changes === 0) throw logsErrors.groupExists();
    return {};
  },
});
