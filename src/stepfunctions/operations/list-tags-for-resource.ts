import type { ListTagsForResourceInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { mapToTags } from "../machines.js";
import { taggedResource } from "./tags.js";

export const listTagsForResource = defineOperation<ListTagsForResourceInput, Record<string, unknown>>({
  name: "ListTagsForResource",
  handle(input, ctx) {
    return { tags: mapToTags(taggedResource(ctx, String(input.resourceArn ?? "")).tags) };
  },
});
