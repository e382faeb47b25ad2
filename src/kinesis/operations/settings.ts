/** Retention, stream mode, record size, encryption and tags. */
import { AwsError } from "../../core/errors.js";
import { invalidArgument, kinesisOperation, loadStream, saveStream, type StreamRef } from "../state.js";

export const increaseStreamRetentionPeriod = kinesisOperation<StreamRef & { RetentionPeriodHours: number }, Record<string, never>>({
  name: "IncreaseStreamRetentionPeriod",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    if (input.RetentionPeriodHours < meta.retentionHours) {
      throw invalidArgument(`Requested retention period (${input.RetentionPeriodHours} hours) for stream ${meta.name} can not be shorter than existing retention period (${meta.retentionHours} hours). Use DecreaseRetentionPeriod API.`);
    }
    meta.retentionHours = input.RetentionPeriodHours;
    saveStream(ctx, state, meta);
    return {};
  },
});

export const decreaseStreamRetentionPeriod = kinesisOperation<StreamRef & { RetentionPeriodHours: number }, Record<string, never>>({
  name: "DecreaseStreamRetentionPeriod",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    if (input.RetentionPeriodHours > meta.retentionHours) {
      throw invalidArgument(`Requested retention period (${input.RetentionPeriodHours} hours) for stream ${meta.name} can not be longer than existing retention period (${meta.retentionHours} hours). Use IncreaseRetentionPeriod API.`);
    }
    meta.retentionHours = input.RetentionPeriodHours;
    ctx.store.txn(() => {
      saveStream(ctx, state, meta);
      state.sql.trim.run(meta.arn, ctx.clock.now() - meta.retentionHours * 3_600_000);
    });
    return {};
  },
});

export const updateStreamMode = kinesisOperation<{ StreamARN: string; StreamModeDetails: { StreamMode: "PROVISIONED" | "ON_DEMAND" } }, Record<string, never>>({
  name: "UpdateStreamMode",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    meta.mode = input.StreamModeDetails.StreamMode;
    saveStream(ctx, state, meta);
    return {};
  },
});

export const updateMaxRecordSize = kinesisOperation<StreamRef & { MaxRecordSizeInKiB: number }, Record<string, never>>({
  name: "UpdateMaxRecordSize",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    if (input.MaxRecordSizeInKiB < 1024 || input.MaxRecordSizeInKiB > 10240) throw invalidArgument("MaxRecordSizeInKiB must be between 1024 and 10240.");
    meta.maxRecordSizeKiB = input.MaxRecordSizeInKiB;
    saveStream(ctx, state, meta);
    return {};
  },
});

export const startStreamEncryption = kinesisOperation<StreamRef & { EncryptionType: string; KeyId: string }, Record<string, never>>({
  name: "StartStreamEncryption",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    meta.encryption = { EncryptionType: input.EncryptionType, KeyId: input.KeyId };
    saveStream(ctx, state, meta);
    return {};
  },
});

export const stopStreamEncryption = kinesisOperation<StreamRef, Record<string, never>>({
  name: "StopStreamEncryption",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    meta.encryption = undefined;
    saveStream(ctx, state, meta);
    return {};
  },
});

export const addTagsToStream = kinesisOperation<StreamRef & { Tags: Record<string, string> }, Record<string, never>>({
  name: "AddTagsToStream",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    const tags = { ...meta.tags, ...input.Tags };
    if (Object.keys(tags).length > 50) throw new AwsError("LimitExceededException", `Failed to add tags to stream ${meta.name} under account ${ctx.accountId} because a given stream cannot have more than 50 tags.`);
    meta.tags = tags;
    saveStream(ctx, state, meta);
    return {};
  },
});

export const removeTagsFromStream = kinesisOperation<StreamRef & { TagKeys: string[] }, Record<string, never>>({
  name: "RemoveTagsFromStream",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    for (const k of input.TagKeys) delete meta.tags[k];
    saveStream(ctx, state, meta);
    return {};
  },
});

export const listTagsForStream = kinesisOperation<StreamRef & { ExclusiveStartTagKey?: string; Limit?: number }, Record<string, unknown>>({
  name: "ListTagsForStream",
  handle(input, ctx, state) {
    const { meta } = loadStream(ctx, state, input);
    const keys = Object.keys(meta.tags).sort().filter((k) => input.ExclusiveStartTagKey === undefined || k > input.ExclusiveStartTagKey);
    const limit = input.Limit ?? 50;
    return { Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: meta.tags[Key] })), HasMoreTags: keys.length > limit };
  },
});
