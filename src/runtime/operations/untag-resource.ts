import { lambdaOperation } from "../state.js";
import { taggedFunction } from "../tagging.js";

export const untagResource = lambdaOperation<{ Resource: string; TagKeys?: string[] }, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, rt) {
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = JSON.parse(row.tags) as Record<string, string>;
    for (const k of input.TagKeys ?? []) delete tags[k];
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});
