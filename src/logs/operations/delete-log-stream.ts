import type { DeleteLogStreamRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup, requireStream } from "../groups.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const deleteLogStream = logsOperation<Needs<DeleteLogStreamRequest, "logGroupName" | "logStreamName">, Record<string, never>>({
  name: "DeleteLogStream",
  handle(input, ctx, state) {
    const { ls, ids } = state;
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
