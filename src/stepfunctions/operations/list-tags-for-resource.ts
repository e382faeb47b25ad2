import type { ListTagsForResourceInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { mapToTags } from "../machines.js";
import { taggedResource } from "./tags.js";

export const listTagsForResource = sfnOperation<ListTagsForResourceInput, Record<string, unknown>>({
  name: "ListTagsForResource",
  handle(input, ctx, engine) {
    return { tags: mapToTags(taggedResource(engine, ctx, String(input.resourceArn ?? "")).tags) };
  },
});
