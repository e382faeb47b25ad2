import type { CreateLogStreamRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const createLogStream = logsOperation<Needs<CreateLogStreamRequest, "logGroupName" | "logStreamName">, Record<string, never>>({
  name: "CreateLogStream",
  handle(input, ctx, state) {
    const { ls } = state;
    const group = requireGroup(ls, ctx, input.logGroupName);
    if (ls.insertStream.run(group.id, input.logStreamName, ctx.clock.now()).changes === 0) throw logsErrors.streamExists();
    return {};
  },
});
