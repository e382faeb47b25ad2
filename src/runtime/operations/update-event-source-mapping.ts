import { lambdaOperation } from "../state.js";
import { wireView, type MappingConfig } from "../event-source-mappings/model.js";
import { streamUpdates } from "../event-source-mappings/stream-validation.js";
import { loadMapping, saveMapping, validateMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const updateEventSourceMapping = lambdaOperation<MappingInput, MappingWire>({
  name: "UpdateEventSourceMapping",
  async handle(input, ctx, rt) {
    const c = loadMapping(rt, ctx, input.UUID);
    const next: MappingConfig = {
      ...c,
      ...(input.FunctionName ? { FunctionArn: rt.resolve(ctx, input.FunctionName).invokedArn } : {}),
      ...(input.BatchSize !== undefined ? { BatchSize: input.BatchSize } : {}),
      ...(input.MaximumBatchingWindowInSeconds !== undefined ? { MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds } : {}),
      ...(input.FunctionResponseTypes ? { FunctionResponseTypes: input.FunctionResponseTypes } : {}),
      ...(input.ScalingConfig ? { ScalingConfig: input.ScalingConfig } : {}),
      ...(input.FilterCriteria ? { FilterCriteria: input.FilterCriteria } : {}),
      ...(input.Enabled !== undefined ? { State: input.Enabled ? "Enabled" : "Disabled" } : {}),
      ...streamUpdates(input),
      LastModified: ctx.clock.now(),
    };
    await validateMapping(ctx, next);
    saveMapping(rt, ctx, next);
    return wireView(next, "Updating");
  },
});
