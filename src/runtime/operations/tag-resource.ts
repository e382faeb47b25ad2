import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";
import { taggedFunction, validateTags } from "../tagging.js";

export const tagResource = defineOperation<{ Resource: string; Tags?: Record<string, string> }, Record<string, never>>({
  name: "TagResource",
  http: { method: "POST", path: "/2017-03-31/tags/{Resource}", status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = { ...(JSON.parse(row.tags) as Record<string, string>), ...(input.Tags ?? {}) };
    validateTags(tags);
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});
