import type { UntagResourceRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { groupByArn, removeTags } from "../tags.js";
import { check, type Needs } from "../validate.js";
import { RESOURCE_ARN, RESOURCE_ARN_TEXT } from "./tag-resource.js";

export const untagResource = logsOperation<Needs<UntagResourceRequest, "resourceArn" | "tagKeys">, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, state) {
    const c = check(input).required("resourceArn").type("resourceArn", "string");
    c.length("resourceArn", 1, 1011).pattern("resourceArn", RESOURCE_ARN, RESOURCE_ARN_TEXT);
    c.required("tagKeys").type("tagKeys", "list").length("tagKeys", 0, 50).done();
    const { ls } = state;
    ctx.store.txn(() => removeTags(ls, groupByArn(ls, ctx, input.resourceArn), input.tagKeys));
    return {};
  },
});
