/** Checks of an event source mapping whose source is a DynamoDB stream (read through the StreamReader port). */
import type { RequestContext } from "../../core/context.js";
import { lambdaErrors } from "../errors.js";
import type { MappingConfig } from "./model.js";
import { checkMaximumRecordAge, checkStreamSourceSettings } from "./stream-source-checks.js";
import type { MappingInput } from "./validation.js";
import { isStreamArn } from "./stream-poller.js";

export { isStreamArn };

export async function validateStreamMapping(ctx: RequestContext, c: MappingConfig): Promise<void> {
  checkStreamSourceSettings(c);
  if (c.StartingPosition === "AT_TIMESTAMP") throw lambdaErrors.invalidParameter("Unsupported starting position for DynamoDB stream event source: AT_TIMESTAMP");
  checkMaximumRecordAge(c);
  if (c.BatchSize > 1000) throw lambdaErrors.invalidParameter("BatchSize must be less than or equal to 1000 for DynamoDB stream event sources.");
  const reader = await ctx.ports.get("StreamReader").catch(() => undefined);
  const stream = reader && (await reader.describe(c.EventSourceArn));
  if (!stream) throw lambdaErrors.invalidParameter(`Stream not found: ${c.EventSourceArn}`);
  const destination = c.DestinationConfig?.OnFailure?.Destination;
  if (destination !== undefined && !/^arn:aws[\w-]*:(sqs|sns):|^arn:aws[\w-]*:s3:::[^/]+$/.test(destination)) {
    throw lambdaErrors.invalidParameter("The provided destination config DestinationConfig.OnFailure.Destination is invalid: only SQS queues, SNS topics and S3 buckets are supported.");
  }
}

/** The stream-only settings of a CreateEventSourceMapping request, with AWS's defaults. */
export function streamSettings(input: MappingInput): Partial<MappingConfig> {
  return {
    StartingPosition: input.StartingPosition,
    ParallelizationFactor: input.ParallelizationFactor ?? 1,
    MaximumRetryAttempts: input.MaximumRetryAttempts ?? -1,
    MaximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? -1,
    BisectBatchOnFunctionError: input.BisectBatchOnFunctionError ?? false,
    TumblingWindowInSeconds: input.TumblingWindowInSeconds ?? 0,
    DestinationConfig: input.DestinationConfig ?? { OnFailure: {} },
  };
}

/** The stream settings an UpdateEventSourceMapping request changes (only those it gives). */
export function streamUpdates(input: MappingInput): Partial<MappingConfig> {
  const out: Partial<MappingConfig> = {};
  if (input.MaximumRetryAttempts !== undefined) out.MaximumRetryAttempts = input.MaximumRetryAttempts;
  if (input.MaximumRecordAgeInSeconds !== undefined) out.MaximumRecordAgeInSeconds = input.MaximumRecordAgeInSeconds;
  if (input.BisectBatchOnFunctionError !== undefined) out.BisectBatchOnFunctionError = input.BisectBatchOnFunctionError;
  if (input.ParallelizationFactor !== undefined) out.ParallelizationFactor = input.ParallelizationFactor;
  if (input.TumblingWindowInSeconds !== undefined) out.TumblingWindowInSeconds = input.TumblingWindowInSeconds;
  if (input.DestinationConfig !== undefined) out.DestinationConfig = input.DestinationConfig;
  return out;
}
