import type { CreateLogStreamRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { logsErrors } from "../errors.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { check, checkGroupName, checkStreamName, type Needs } from "../validate.js";

export const createLogStream = defineOperation<Needs<CreateLogStreamRequest, "logGroupName" | "logStreamName">, Record<string, never>>({
  name: "CreateLogStream",
  handle(input, ctx) {
    checkStreamName(checkGroupName(check(input))).done();
    const { ls } = logsState(ctx.store);
    const group = requireGroup(ls, ctx, input.logGroupName);
    if (ls.insertStream.run(group.id, input.logStreamName, ctx.clock.now()).changes === 0) throw logsErrors.streamExists();
    return {};
  },
});
