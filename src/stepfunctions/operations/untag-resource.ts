import type { UntagResourceInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { taggedResource } from "./tags.js";

export const untagResource = defineOperation<UntagResourceInput, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx) {
    const resource = taggedResource(ctx, String(input.resourceArn ?? ""));
    const tags = { ...resource.tags };
    for (const key of input.tagKeys ?? []) delete tags[key];
    resource.save(tags);
    return {};
  },
});
