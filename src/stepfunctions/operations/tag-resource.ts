import type { TagResourceInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { tagsToMap } from "../machines.js";
import { taggedResource } from "./tags.js";

export const tagResource = sfnOperation<TagResourceInput, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, engine) {
    const arn = String(input.resourceArn ?? "");
    const resource = taggedResource(engine, ctx, arn);
    const tags = tagsToMap(input.tags, resource.tags);
    if (Object.keys(tags).length > 50) throw sfnErrors.tooManyTags(arn);
    resource.save(tags);
    return {};
  },
});
