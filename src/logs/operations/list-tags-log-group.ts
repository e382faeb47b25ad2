import type { ListTagsLogGroupRequest, ListTagsLogGroupResponse } from "@aws-sdk/client-cloudwatch-logs";
import { defineOperation } from "../../core/service.js";
import { requireGroup } from "../groups.js";
import { logsState } from "../state.js";
import { readTags } from "../tags.js";
import { check, checkGroupName, type Needs } from "../validate.js";

export const listTagsLogGroup = defineOperation<Needs<ListTagsLogGroupRequest, "logGroupName">, ListTagsLogGroupResponse>({
  name: "ListTagsLogGroup",
  handle(input, ctx) {
    checkGroupName(check(input)).done();
    const { ls } = logsState(ctx.store);
    return { tags: readTags(requireGroup(ls, ctx, input.logGroupName)) };
  },
});
