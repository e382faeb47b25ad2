/** CreateDistributionWithTags, TagResource, UntagResource, ListTagsForResource (distributions). */
import type { RequestContext } from "../../core/context.js";
import type { DistributionConfig, Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { edgeOperation, fromRow, saveDistribution, type EdgeState, type LoadedDistribution } from "../state.js";
import { createFrom } from "./distributions.js";

interface Tag {
  Key: string;
  Value?: string;
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const MAX_TAGS = 50;

/** Tag keys come from the request: kept in a null-prototype object. */
function nullObject(from: Record<string, string> = {}): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, from);
}

function tagMap(items: Tag[] | undefined, into: Record<string, string> = nullObject()): Record<string, string> {
  for (const t of items ?? []) {
    if (!TAG_KEY.test(t.Key)) throw edgeErrors.invalidTagging("The tag key is not valid.");
    if ((t.Value ?? "").length > 256) throw edgeErrors.invalidTagging("The tag value is not valid.");
    into[t.Key] = t.Value ?? "";
  }
  if (Object.keys(into).length > MAX_TAGS) throw edgeErrors.invalidTagging("Your request contains too many tags.");
  return into;
}

function distributionOfArn(ctx: RequestContext, state: EdgeState, arn: string): LoadedDistribution {
  const m = /^arn:aws:cloudfront::(\d{12}):distribution\/([A-Z0-9]+)$/.exec(arn);
  if (!m) throw edgeErrors.invalidArgument("The specified resource ARN is not valid.");
  const row = state.sql.distribution.get(m[2]!);
  if (!row || row.account !== ctx.accountId || m[1] !== ctx.accountId) throw edgeErrors.noSuchResource();
  return fromRow(row);
}

export const createDistributionWithTags = edgeOperation<{ DistributionConfigWithTags: { DistributionConfig: DistributionConfig; Tags: { Items?: Tag[] } } }, Json>({
  name: "CreateDistributionWithTags",
  handle(input, ctx, state) {
    const tags = tagMap(input.DistributionConfigWithTags.Tags?.Items);
    return createFrom(ctx, state, input.DistributionConfigWithTags.DistributionConfig, tags);
  },
});

export const tagResource = edgeOperation<{ Resource: string; Tags: { Items?: Tag[] } }, Json>({
  name: "TagResource",
  handle(input, ctx, state) {
    const d = distributionOfArn(ctx, state, input.Resource);
    const tags = tagMap(input.Tags?.Items, nullObject(d.meta.tags));
    saveDistribution(ctx, state, { ...d.meta, tags }, d.etag);
    return {};
  },
});

export const untagResource = edgeOperation<{ Resource: string; TagKeys: { Items?: string[] } }, Json>({
  name: "UntagResource",
  handle(input, ctx, state) {
    const d = distributionOfArn(ctx, state, input.Resource);
    const tags = nullObject(d.meta.tags);
    for (const k of input.TagKeys?.Items ?? []) delete tags[k];
    saveDistribution(ctx, state, { ...d.meta, tags }, d.etag);
    return {};
  },
});

export const listTagsForResource = edgeOperation<{ Resource: string }, Json>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    const d = distributionOfArn(ctx, state, input.Resource);
    const items = Object.entries(d.meta.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    return { Tags: items.length > 0 ? { Items: items } : {} };
  },
});
