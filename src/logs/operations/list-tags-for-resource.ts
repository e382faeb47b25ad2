import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { groupByArn, readTags } from "../tags.js";
import type { Needs } from "../validate.js";

export const listTagsForResource = logsOperation<Needs<ListTagsForResourceRequest, "resourceArn">, ListTagsForResourceResponse>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    const { ls } = state;
    return { tags: readTags(groupByArn(ls, ctx, input.resourceArn)) };
  },
});
