import { firehoseOperation, loadDeliveryStream, saveDeliveryStream } from "../state.js";

export const tagDeliveryStream = firehoseOperation<{ DeliveryStreamName: string; Tags: { Key: string; Value?: string }[] }, Record<string, never>>({
  name: "TagDeliveryStream",
  handle(input, ctx, state) {
    const meta = loadDeliveryStream(ctx, state, input.DeliveryStreamName);
    for (const t of input.Tags) meta.tags[t.Key] = t.Value ?? "";
    saveDeliveryStream(ctx, state, meta);
    return {};
  },
});

export const untagDeliveryStream = firehoseOperation<{ DeliveryStreamName: string; TagKeys: string[] }, Record<string, never>>({
  name: "UntagDeliveryStream",
  handle(input, ctx, state) {
    const meta = loadDeliveryStream(ctx, state, input.DeliveryStreamName);
    for (const k of input.TagKeys) delete meta.tags[k];
    saveDeliveryStream(ctx, state, meta);
    return {};
  },
});

export const listTagsForDeliveryStream = firehoseOperation<{ DeliveryStreamName: string; ExclusiveStartTagKey?: string; Limit?: number }, Record<string, unknown>>({
  name: "ListTagsForDeliveryStream",
  handle(input, ctx, state) {
    const meta = loadDeliveryStream(ctx, state, input.DeliveryStreamName);
    const keys = Object.keys(meta.tags).sort().filter((k) => input.ExclusiveStartTagKey === undefined || k > input.ExclusiveStartTagKey);
    const limit = input.Limit ?? 50;
    return { Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: meta.tags[Key] })), HasMoreTags: keys.length > limit };
  },
});
