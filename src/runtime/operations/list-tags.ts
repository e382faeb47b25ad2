import { lambdaOperation } from "../state.js";
import { taggedFunction } from "../tagging.js";

export const listTags = lambdaOperation<{ Resource: string }, { Tags: Record<string, string> }>({
  name: "ListTags",
  handle(input, ctx, rt) {
    const row = taggedFunction(rt, ctx, input.Resource);
    return { Tags: JSON.parse(row.tags) as Record<string, string> };
  },
});
