import type { CreateLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { logsOperation } from "../state.js";
import { check, checkGroupName, checkTags, type Needs } from "../validate.js";

export const createLogGroup = logsOperation<Needs<CreateLogGroupRequest, "logGroupName">, Record<string, never>>({
  name: "CreateLogGroup",
  handle(input, ctx, state) {
    const c = checkGroupName(check(input));
    c.type("kmsKeyId", "string").length("kmsKeyId", 0, 256);
    if (input.tags !== undefined) checkTags(c, "tags", input.tags);
    c.oneOf("logGroupClass", ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"]);
    c.done();
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
