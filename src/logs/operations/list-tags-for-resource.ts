import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { groupByArn, readTags } from "../tags.js";
import { check, type Needs } from "../validate.js";
import { RESOURCE_ARN, RESOURCE_ARN_TEXT } from "./tag-resource.js";

export const listTagsForResource = logsOperation<Needs<ListTagsForResourceRequest, "resourceArn">, ListTagsForResourceResponse>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    const c = check(input).required("resourceArn").type("resourceArn", "string");
    c.length("resourceArn", 1, 1011).pattern("resourceArn", RESOURCE_ARN, RESOURCE_ARN_TEXT).done();
    const { ls } = state;
    return { tags: readTags(groupByArn(ls, ctx, input.resourceArn)) };
  },
});
