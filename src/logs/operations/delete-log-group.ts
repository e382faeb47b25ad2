import type { DeleteLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const deleteLogGroup = logsOperation<Needs<DeleteLogGroupRequest, "logGroupName">, Record<string, never>>({
  name: "DeleteLogGroup",
  handle(input, ctx, state) {
    const { ls, ids } = state;
    ctx.store.txn(() => {
      const group = requireGroup(ls, ctx, input.logGroupName);
      ls.deleteGroupEvents.run(group.id);
      ls.deleteGroupStreams.run(group.id);
      ls.deleteGroup.run(group.id);
    });
    ids.clear();
    return {};
  },
});
