import type { ListTagsLogGroupRequest, ListTagsLogGroupResponse } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { readTags } from "../tags.js";
import type { Needs } from "../validate.js";

export const listTagsLogGroup = logsOperation<Needs<ListTagsLogGroupRequest, "logGroupName">, ListTagsLogGroupResponse>({
  name: "ListTagsLogGroup",
  handle(input, ctx, state) {
    const { ls } = state;
    return { tags: readTags(requireGroup(ls, ctx, input.logGroupName)) };
  },
});
