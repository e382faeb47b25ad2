import type { UntagResourceInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { taggedResource } from "./tags.js";

export const untagResource = sfnOperation<UntagResourceInput, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, engine) {
    const resource = taggedResource(engine, ctx, String(input.resourceArn ?? ""));
    const tags = { ...resource.tags };
    for (const key of input.tagKeys ?? []) delete tags[key];
    resource.save(tags);
    return {};
  },
});
