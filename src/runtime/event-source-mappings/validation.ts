/** Loading, validating and saving event source mappings, shared by their operations. */
import type { RequestContext } from "../../core/context.js";
import { parseArn } from "../../core/arn.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { parseFilters } from "./filter.js";
import { type MappingConfig } from "./model.js";
import { isStreamArn, validateStreamMapping } from "./stream-validation.js";
import { isKinesisArn, validateKinesisMapping } from "./kinesis-validation.js";
import type { Runtime } from "../runtime.js";

export interface MappingInput {
  UUID?: string;
  EventSourceArn?: string;
  FunctionName?: string;
  Enabled?: boolean;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  ScalingConfig?: { MaximumConcurrency?: number };
  FilterCriteria?: { Filters?: { Pattern?: string }[] };
  Marker?: string;
  MaxItems?: number;
  StartingPosition?: MappingConfig["StartingPosition"];
  /** Epoch seconds as the SDK sends it (a Date or ISO string tolerated). */
  StartingPositionTimestamp?: number | string | Date;
  ParallelizationFactor?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  TumblingWindowInSeconds?: number;
  DestinationConfig?: MappingConfig["DestinationConfig"];
}

export type MappingWire = Record<string, unknown>;
export const NOT_FOUND = "The resource you requested does not exist.";

export function loadMapping(rt: Runtime, ctx: RequestContext, id: string | undefined): MappingConfig {
  const row = id ? rt.stmts.getEsm.get(id) : undefined;
  if (!row || row.account !== ctx.accountId || row.region !== ctx.region) throw lambdaErrors.resourceNotFound(NOT_FOUND);
  return JSON.parse(row.config) as MappingConfig;
}

export async function validateMapping(ctx: RequestContext, c: MappingConfig): Promise<void> {
  const problems: string[] = [];
  if (c.BatchSize < 1 || c.BatchSize > 10000) problems.push(`Value '${c.BatchSize}' at 'batchSize' failed to satisfy constraint: Member must have value ${c.BatchSize < 1 ? "greater than or equal to 1" : "less than or equal to 10000"}`);
  if (c.MaximumBatchingWindowInSeconds < 0 || c.MaximumBatchingWindowInSeconds > 300) {
    problems.push(`Value '${c.MaximumBatchingWindowInSeconds}' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value ${c.MaximumBatchingWindowInSeconds < 0 ? "greater than or equal to 0" : "less than or equal to 300"}`);
  }
  const mc = c.ScalingConfig?.MaximumConcurrency;
  if (mc !== undefined && (mc < 2 || mc > 1000)) problems.push(`Value '${mc}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value ${mc < 2 ? "greater than or equal to 2" : "less than or equal to 1000"}`);
  if (problems.length > 0) throw validationErrors(problems);
  if (c.BatchSize > 10 && c.MaximumBatchingWindowInSeconds < 1 && !isStreamArn(c.EventSourceArn) && !isKinesisArn(c.EventSourceArn)) {
    throw lambdaErrors.invalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
  }
  for (const t of c.FunctionResponseTypes ?? []) {
    if (t !== "ReportBatchItemFailures") throw validationErrors([`Value '[${t}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]`]);
  }
  try {
    parseFilters(c.FilterCriteria?.Filters);
  } catch {
    throw lambdaErrors.invalidParameter("Invalid filter pattern definition.");
  }
  if (isStreamArn(c.EventSourceArn)) return validateStreamMapping(ctx, c);
  if (isKinesisArn(c.EventSourceArn)) return validateKinesisMapping(ctx, c);
  const consumer = await ctx.ports.get("QueueConsumer").catch(() => undefined);
  const info = consumer && (await consumer.describe(c.EventSourceArn));
  if (!info) {
    throw lambdaErrors.invalidParameter("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.");
  }
  if (info.fifo && c.BatchSize > 10) throw lambdaErrors.invalidParameter("BatchSize must be less than or equal to 10 for FIFO queues.");
  if (info.fifo && c.MaximumBatchingWindowInSeconds > 0) throw lambdaErrors.invalidParameter("Batching window is not supported for FIFO queues.");
}

export function saveMapping(rt: Runtime, ctx: RequestContext, c: MappingConfig): void {
  const fn = parseArn(c.FunctionArn);
  rt.stmts.putEsm.run(c.UUID, ctx.accountId, ctx.region, fn?.resource ?? c.FunctionArn, c.EventSourceArn, JSON.stringify(c));
  rt.mappings.upsert(c);
}
