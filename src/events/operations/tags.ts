/** TagResource, UntagResource, ListTagsForResource for rules and custom event buses. */
import type { ListTagsForResourceRequest, ListTagsForResourceResponse, Tag, TagResourceRequest, UntagResourceRequest } from "@aws-sdk/client-eventbridge";
import type { RequestContext } from "../../core/context.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation, type EventsState } from "../state.js";
import { Checks } from "../validate.js";

interface Tagged {
  tags: Record<string, string>;
  save(tags: Record<string, string>): void;
}

/** The rule or bus an ARN names: `rule/<name>`, `rule/<bus>/<name>` or `event-bus/<name>`. */
function resource({ es }: EventsState, ctx: RequestContext, arn: string): Tagged {
  const m = /^arn:aws[\w-]*:events:([^:]+):(\d{12}):(rule|event-bus)\/(.+)$/.exec(arn);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) throw eventsErrors.resourceNotFound(`Resource ${arn} does not exist.`);
  if (m[3] === "event-bus") {
    const bus = es.getBus.get(ctx.accountId, ctx.region, m[4]!);
    if (!bus) throw eventsErrors.busNotFound(m[4]!);
    return { tags: JSON.parse(bus.tags) as Record<string, string>, save: (tags) => es.setBusTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, bus.name) };
  }
  const parts = m[4]!.split("/");
  const [bus, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["default", parts[0]!];
  const rule = es.getRule.get(ctx.accountId, ctx.region, bus, name);
  if (!rule) throw eventsErrors.ruleNotFound(name, bus);
  return { tags: JSON.parse(rule.tags) as Record<string, string>, save: (tags) => es.setRuleTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, bus, name) };
}

const MAX_TAGS = 50;

export const tagResource = eventsOperation<TagResourceRequest, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, state) {
    const c = new Checks().required("resourceARN", input.ResourceARN).string("resourceARN", input.ResourceARN, { min: 1, max: 1600 }).required("tags", input.Tags).list("tags", input.Tags, 0, 50);
    (Array.isArray(input.Tags) ? input.Tags : []).forEach((t, i) => c.required(`tags.${i + 1}.member.key`, t?.Key).string(`tags.${i + 1}.member.key`, t?.Key, { min: 1, max: 128 }).required(`tags.${i + 1}.member.value`, t?.Value).string(`tags.${i + 1}.member.value`, t?.Value, { max: 256 }));
    c.done();
    const target = resource(state, ctx, input.ResourceARN!);
    const tags = { ...target.tags };
    for (const t of input.Tags!) tags[t.Key!] = t.Value!;
    if (Object.keys(tags).length > MAX_TAGS) throw eventsErrors.limitExceeded("The requested resource exceeds the maximum number allowed.");
    target.save(tags);
    return {};
  },
});

export const untagResource = eventsOperation<UntagResourceRequest, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, state) {
    new Checks().required("resourceARN", input.ResourceARN).string("resourceARN", input.ResourceARN, { min: 1, max: 1600 }).required("tagKeys", input.TagKeys).list("tagKeys", input.TagKeys, 0, 50).done();
    const target = resource(state, ctx, input.ResourceARN!);
    const tags = { ...target.tags };
    for (const k of input.TagKeys!) delete tags[k];
    target.save(tags);
    return {};
  },
});

export const listTagsForResource = eventsOperation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    new Checks().required("resourceARN", input.ResourceARN).string("resourceARN", input.ResourceARN, { min: 1, max: 1600 }).done();
    const { tags } = resource(state, ctx, input.ResourceARN!);
    return { Tags: Object.entries(tags).map(([Key, Value]): Tag => ({ Key, Value })) };
  },
});
