import type { TagResourceInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfnErrors } from "../errors.js";
import { tagsToMap } from "../machines.js";
import { taggedResource } from "./tags.js";

export const tagResource = defineOperation<TagResourceInput, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx) {
    const arn = String(input.resourceArn ?? "");
    const resource = taggedResource(ctx, arn);
    const tags = tagsToMap(input.tags, resource.tags);
    if (Object.keys(tags).length > 50) throw sfnErrors.tooManyTags(arn);
    resource.save(tags);
    return {};
  },
});
