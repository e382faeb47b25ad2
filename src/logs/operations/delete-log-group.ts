import type { DeleteLogGroupRequest } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const deleteLogGroup = defineOperation<Needs<DeleteLogGroupRequest, "logGroupName">, Record<string, never>>({
  name: "DeleteLogGroup",
  handle(input, ctx) {
    checkGroupName(check(input)).done();
    const { ls, ids } = logsState(ctx.store);
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
