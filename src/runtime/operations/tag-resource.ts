import { lambdaOperation } from "../state.js";
import { taggedFunction, validateTags } from "../tagging.js";

export const tagResource = lambdaOperation<{ Resource: string; Tags?: Record<string, string> }, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, rt) {
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = { ...(JSON.parse(row.tags) as Record<string, string>), ...(input.Tags ?? {}) };
    validateTags(tags);
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});
