import type { TagResourceRequest } from "@aws-sdk/client-cloudwatch-logs";
import { logsOperation } from "../state.js";
import { addTags, groupByArn } from "../tags.js";
import { check, checkTags, type Needs } from "../validate.js";

export const RESOURCE_ARN = /^[\w+=/:,.@-]*$/;
export const RESOURCE_ARN_TEXT = "[\\w+=/:,.@-]*";

export const tagResource = logsOperation<Needs<TagResourceRequest, "resourceArn" | "tags">, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, state) {
    const c = check(input).required("resourceArn").type("resourceArn", "string");
    c.length("resourceArn", 1, 1011).pattern("resourceArn", RESOURCE_ARN, RESOURCE_ARN_TEXT).required("tags");
    checkTags(c, "tags", input.tags).done();
    const { ls } = state;
    ctx.store.txn(() => addTags(ls, groupByArn(ls, ctx, input.resourceArn), input.tags, input.resourceArn));
    return {};
  },
});
