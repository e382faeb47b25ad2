/** Checks of an event source mapping whose source is a Kinesis data stream (read through the KinesisReader port). */
import type { RequestContext } from "../../core/context.js";
import { parseArn } from "../../core/arn.js";
import { lambdaErrors } from "../errors.js";
import type { MappingConfig } from "./model.js";
import { checkMaximumRecordAge, checkStreamSourceSettings } from "./stream-source-checks.js";
import type { MappingInput } from "./validation.js";
import { isKinesisArn } from "./kinesis-records.js";

export { isKinesisArn };

export async function validateKinesisMapping(ctx: RequestContext, c: MappingConfig): Promise<void> {
  checkStreamSourceSettings(c);
  if (c.StartingPosition === "AT_TIMESTAMP" && c.StartingPositionTimestamp === undefined) {
    throw lambdaErrors.invalidParameter("StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP.");
  }
  checkMaximumRecordAge(c);
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
