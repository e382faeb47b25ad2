/** Checks of an event source mapping whose source is a Kinesis data stream (read through the KinesisReader port). */
import type { RequestContext } from "../../core/context.js";
import { parseArn } from "../../core/arn.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import type { MappingConfig } from "./model.js";
import type { MappingInput } from "./validation.js";
import { isKinesisArn } from "./kinesis-records.js";

export { isKinesisArn };

export async function validateKinesisMapping(ctx: RequestContext, c: MappingConfig): Promise<void> {
  const problems: string[] = [];
  const range = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value === undefined) return;
    if (value < min || value > max) problems.push(`Value '${value}' at '${name}' failed to satisfy constraint: Member must have value ${value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`);
  };
  range("maximumRetryAttempts", c.MaximumRetryAttempts, -1, 10000);
  range("maximumRecordAgeInSeconds", c.MaximumRecordAgeInSeconds, -1, 604800);
  range("parallelizationFactor", c.ParallelizationFactor, 1, 10);
  range("tumblingWindowInSeconds", c.TumblingWindowInSeconds, 0, 900);
  if (c.StartingPosition !== undefined && !["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"].includes(c.StartingPosition)) {
    problems.push(`Value '${c.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, AT_TIMESTAMP, LATEST]`);
  }
  if (problems.length > 0) throw validationErrors(problems);
  if (!c.StartingPosition) throw lambdaErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null");
  if (c.StartingPosition === "AT_TIMESTAMP" && c.StartingPositionTimestamp === undefined) {
    throw lambdaErrors.invalidParameter("StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP.");
  }
  if (c.MaximumRecordAgeInSeconds !== undefined && c.MaximumRecordAgeInSeconds >= 0 && c.MaximumRecordAgeInSeconds < 60) {
    throw lambdaErrors.invalidParameter("MaximumRecordAgeInSeconds must be -1 or at least 60.");
  }
  const reader = await ctx.ports.get("KinesisReader").catch(() => undefined);
  const arn = parseArn(c.EventSourceArn);
  const shards = reader && (await reader.shards({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, c.EventSourceArn));
  if (!shards) throw lambdaErrors.invalidParameter(`Stream not found: ${c.EventSourceArn}`);
  const destination = c.DestinationConfig?.OnFailure?.Destination;
  if (destination !== undefined && !/^arn:aws[\w-]*:(sqs|sns):|^arn:aws[\w-]*:s3:::[^/]+$/.test(destination)) {
    throw lambdaErrors.invalidParameter("The provided destination config DestinationConfig.OnFailure.Destination is invalid: only SQS queues, SNS topics and S3 buckets are supported.");
  }
}

/** StartingPositionTimestamp as epoch seconds, however the request carried it. */
export function startingTimestamp(input: MappingInput): Partial<MappingConfig> {
  const t: unknown = input.StartingPositionTimestamp;
  let seconds: number | undefined;
  if (typeof t === "number") seconds = t;
  else if (t instanceof Date) seconds = t.getTime() / 1000;
  else if (typeof t === "string" && t.trim() !== "") seconds = /^\d+(\.\d+)?$/.test(t) ? Number(t) : Date.parse(t) / 1000;
  return seconds !== undefined && Number.isFinite(seconds) ? { StartingPositionTimestamp: seconds } : {};
}
