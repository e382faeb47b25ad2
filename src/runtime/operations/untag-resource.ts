import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";
import { taggedFunction } from "../tagging.js";

export const untagResource = defineOperation<{ Resource: string; TagKeys?: string[] }, Record<string, never>>({
  name: "UntagResource",
  http: { method: "DELETE", path: "/2017-03-31/tags/{Resource}", query: { tagKeys: "TagKeys:list" }, status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = JSON.parse(row.tags) as Record<string, string>;
    for (const k of input.TagKeys ?? []) delete tags[k];
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});
