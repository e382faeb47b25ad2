/** Scheduler's TagResource, UntagResource, ListTagsForResource: schedule groups carry tags (schedules do not). */
import type { ListTagsForResourceInput, ListTagsForResourceOutput, TagResourceInput, UntagResourceInput } from "@aws-sdk/client-scheduler";
import type { RequestContext } from "../../../core/context.js";
import { schedulerErrors } from "../../errors.js";
import { eventsOperation, type EventsState } from "../../state.js";
import { schedulerChecks } from "../model.js";

function group({ es }: EventsState, ctx: RequestContext, arn: string | undefined): { tags: Record<string, string>; save(tags: Record<string, string>): void } {
  const m = /^arn:aws[\w-]*:scheduler:([^:]+):(\d{12}):schedule-group\/([0-9a-zA-Z-_.]+)$/.exec(arn ?? "");
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) throw schedulerErrors.notFound(`Resource ${arn} does not exist.`);
  const row = es.getGroup.get(ctx.accountId, ctx.region, m[3]!);
  if (!row) throw schedulerErrors.notFound(`Schedule group ${m[3]} does not exist.`);
  return { tags: JSON.parse(row.tags) as Record<string, string>, save: (tags) => es.setGroupTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name) };
}

export const schedulerTagResource = eventsOperation<TagResourceInput, Record<string, never>>({
  name: "TagResource",
  http: { method: "POST", path: "/tags/{ResourceArn}" },
  handle(input, ctx, state) {
    const c = schedulerChecks().required("resourceArn", input.ResourceArn).required("tags", input.Tags).list("tags", input.Tags, 0, 200);
    (Array.isArray(input.Tags) ? input.Tags : []).forEach((t, i) => c.string(`tags.${i + 1}.member.key`, t?.Key, { min: 1, max: 128 }).string(`tags.${i + 1}.member.value`, t?.Value, { min: 1, max: 256 }));
    c.done();
    const target = group(state, ctx, input.ResourceArn);
    const tags = { ...target.tags };
    for (const t of input.Tags!) tags[t.Key!] = t.Value!;
    target.save(tags);
    return {};
  },
});

export const schedulerUntagResource = eventsOperation<UntagResourceInput, Record<string, never>>({
  name: "UntagResource",
  http: { method: "DELETE", path: "/tags/{ResourceArn}", query: { TagKeys: "TagKeys:list" } },
  handle(input, ctx, state) {
    schedulerChecks().required("resourceArn", input.ResourceArn).required("tagKeys", input.TagKeys).done();
    const target = group(state, ctx, input.ResourceArn);
    const tags = { ...target.tags };
    for (const k of input.TagKeys!) delete tags[k];
    target.save(tags);
    return {};
  },
});

export const schedulerListTagsForResource = eventsOperation<ListTagsForResourceInput, ListTagsForResourceOutput>({
  name: "ListTagsForResource",
  http: { method: "GET", path: "/tags/{ResourceArn}" },
  handle(input, ctx, state) {
    const { tags } = group(state, ctx, input.ResourceArn);
    return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
