import type { DeleteLogStreamRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup, requireStream } from "../groups.js";
import { logsState } from "../state.js";
import { check, checkGroupName, checkStreamName, type Needs } from "../validate.js";

export const deleteLogStream = defineOperation<Needs<DeleteLogStreamRequest, "logGroupName" | "logStreamName">, Record<string, never>>({
  name: "DeleteLogStream",
  handle(input, ctx) {
    checkStreamName(checkGroupName(check(input))).done();
    const { ls, ids } = logsState(ctx.store);
    ctx.store.txn(() => {
      const group = requireGroup(ls, ctx, input.logGroupName);
      const stream = requireStream(ls, group, input.logStreamName);
      const bytes = ls.streamEventBytes.get(stream.id)?.bytes ?? 0;
      ls.deleteStreamEvents.run(stream.id);
      ls.deleteStream.run(stream.id);
      ls.addStoredBytes.run(-bytes, group.id);
    });
    ids.clear();
    return {};
  },
});
