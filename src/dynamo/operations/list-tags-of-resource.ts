import type { ListTagsOfResourceInput, ListTagsOfResourceOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { tableByArn } from "../resources.js";

export const listTagsOfResource = defineOperation<ListTagsOfResourceInput, ListTagsOfResourceOutput>({
  name: "ListTagsOfResource",
  handle(input, ctx) {
    const table = tableByArn(ctx, input.ResourceArn);
    return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
