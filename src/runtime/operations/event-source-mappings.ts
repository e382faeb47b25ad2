import { defineOperation, type OperationDef } from "../../core/service.js";
import type { RequestContext } from "../../core/context.js";
import { parseArn } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { parseFilters } from "../event-source-mappings/filter.js";
import { wireView, type MappingConfig } from "../event-source-mappings/model.js";
import { pollersOf } from "../event-source-mappings/poller.js";
import { runtimeOf, type Runtime } from "../runtime.js";

interface Input {
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
}

type Wire = Record<string, unknown>;
const NOT_FOUND = "The resource you requested does not exist.";

function load(rt: Runtime, ctx: RequestContext, id: string | undefined): MappingConfig {
  const row = id ? rt.stmts.getEsm.get(id) : undefined;
  if (!row || row.account !== ctx.accountId || row.region !== ctx.region) throw lambdaErrors.resourceNotFound(NOT_FOUND);
  return JSON.parse(row.config) as MappingConfig;
}

async function validate(ctx: RequestContext, c: MappingConfig): Promise<void> {
  const problems: string[] = [];
  if (c.BatchSize < 1 || c.BatchSize > 10000) problems.push(`Value '${c.BatchSize}' at 'batchSize' failed to satisfy constraint: Member must have value ${c.BatchSize < 1 ? "greater than or equal to 1" : "less than or equal to 10000"}`);
  if (c.MaximumBatchingWindowInSeconds < 0 || c.MaximumBatchingWindowInSeconds > 300) {
    problems.push(`Value '${c.MaximumBatchingWindowInSeconds}' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value ${c.MaximumBatchingWindowInSeconds < 0 ? "greater than or equal to 0" : "less than or equal to 300"}`);
  }
  const mc = c.ScalingConfig?.MaximumConcurrency;
  if (mc !== undefined && (mc < 2 || mc > 1000)) problems.push(`Value '${mc}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value ${mc < 2 ? "greater than or equal to 2" : "less than or equal to 1000"}`);
  if (problems.length > 0) throw validationErrors(problems);
  if (c.BatchSize > 10 && c.MaximumBatchingWindowInSeconds < 1) {
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
  const consumer = await ctx.ports.get("QueueConsumer").catch(() => undefined);
  const info = consumer && (await consumer.describe(c.EventSourceArn));
  if (!info) {
    throw lambdaErrors.invalidParameter("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.");
  }
  if (info.fifo && c.BatchSize > 10) throw lambdaErrors.invalidParameter("BatchSize must be less than or equal to 10 for FIFO queues.");
  if (info.fifo && c.MaximumBatchingWindowInSeconds > 0) throw lambdaErrors.invalidParameter("Batching window is not supported for FIFO queues.");
}

function save(rt: Runtime, ctx: RequestContext, c: MappingConfig): void {
  const fn = parseArn(c.FunctionArn);
  rt.stmts.putEsm.run(c.UUID, ctx.accountId, ctx.region, fn?.resource ?? c.FunctionArn, c.EventSourceArn, JSON.stringify(c));
  pollersOf(rt).upsert(c);
}

export const createEventSourceMapping = defineOperation<Input, Wire>({
  name: "CreateEventSourceMapping",
  http: { method: "POST", path: "/2015-03-31/event-source-mappings/", status: 202 },
  async handle(input, ctx) {
    const rt = runtimeOf(ctx);
    if (!input.EventSourceArn) throw lambdaErrors.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk or mq.");
    const source = parseArn(input.EventSourceArn);
    if (!source || source.service !== "sqs") throw lambdaErrors.invalidParameter("local-aws supports event source mappings for SQS queues only.");
    const f = rt.resolve(ctx, input.FunctionName ?? "");
    const id = uuid();
    const c: MappingConfig = {
      UUID: id,
      BatchSize: input.BatchSize ?? 10,
      MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
      EventSourceArn: input.EventSourceArn,
      FunctionArn: f.invokedArn,
      LastModified: ctx.clock.now(),
      State: input.Enabled === false ? "Disabled" : "Enabled",
      StateTransitionReason: "USER_INITIATED",
      ...(input.FunctionResponseTypes ? { FunctionResponseTypes: input.FunctionResponseTypes } : {}),
      ...(input.ScalingConfig ? { ScalingConfig: input.ScalingConfig } : {}),
      ...(input.FilterCriteria ? { FilterCriteria: input.FilterCriteria } : {}),
      EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${id}`,
    };
    await validate(ctx, c);
    const dup = rt.stmts.listEsm.all(ctx.accountId, ctx.region, "").find((r) => r.source_arn === c.EventSourceArn && (JSON.parse(r.config) as MappingConfig).FunctionArn === c.FunctionArn);
    if (dup) {
      throw lambdaErrors.conflict(
        `An event source mapping with SQS arn (" ${c.EventSourceArn} ") and function (" ${f.name} ") already exists. Please update or delete the existing mapping with UUID ${dup.uuid}`,
      );
    }
    save(rt, ctx, c);
    return wireView(c, "Creating");
  },
});

export const getEventSourceMapping = defineOperation<Input, Wire>({
  name: "GetEventSourceMapping",
  http: { method: "GET", path: "/2015-03-31/event-source-mappings/{UUID}" },
  handle(input, ctx) {
    return wireView(load(runtimeOf(ctx), ctx, input.UUID));
  },
});

export const updateEventSourceMapping = defineOperation<Input, Wire>({
  name: "UpdateEventSourceMapping",
  http: { method: "PUT", path: "/2015-03-31/event-source-mappings/{UUID}", status: 202 },
  async handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const c = load(rt, ctx, input.UUID);
    const next: MappingConfig = {
      ...c,
      ...(input.FunctionName ? { FunctionArn: rt.resolve(ctx, input.FunctionName).invokedArn } : {}),
      ...(input.BatchSize !== undefined ? { BatchSize: input.BatchSize } : {}),
      ...(input.MaximumBatchingWindowInSeconds !== undefined ? { MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds } : {}),
      ...(input.FunctionResponseTypes ? { FunctionResponseTypes: input.FunctionResponseTypes } : {}),
      ...(input.ScalingConfig ? { ScalingConfig: input.ScalingConfig } : {}),
      ...(input.FilterCriteria ? { FilterCriteria: input.FilterCriteria } : {}),
      ...(input.Enabled !== undefined ? { State: input.Enabled ? "Enabled" : "Disabled" } : {}),
      LastModified: ctx.clock.now(),
    };
    await validate(ctx, next);
    save(rt, ctx, next);
    return wireView(next, "Updating");
  },
});

export const deleteEventSourceMapping = defineOperation<Input, Wire>({
  name: "DeleteEventSourceMapping",
  http: { method: "DELETE", path: "/2015-03-31/event-source-mappings/{UUID}", status: 202 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const c = load(rt, ctx, input.UUID);
    rt.stmts.deleteEsm.run(c.UUID);
    pollersOf(rt).remove(c.UUID);
    return wireView(c, "Deleting");
  },
});

export const listEventSourceMappings = defineOperation<Input, { EventSourceMappings: Wire[]; NextMarker?: string }>({
  name: "ListEventSourceMappings",
  http: { method: "GET", path: "/2015-03-31/event-source-mappings/", query: { EventSourceArn: "EventSourceArn", FunctionName: "FunctionName", Marker: "Marker", MaxItems: "MaxItems:number" } },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const fnName = input.FunctionName ? rt.resolve(ctx, input.FunctionName).name : undefined;
    const max = Math.min(input.MaxItems ?? 100, 10000);
    const all = rt.stmts.listEsm
      .all(ctx.accountId, ctx.region, input.Marker ?? "")
      .map((r) => JSON.parse(r.config) as MappingConfig)
      .filter((c) => (!input.EventSourceArn || c.EventSourceArn === input.EventSourceArn) && (!fnName || parseArn(c.FunctionArn)?.resource.split(":")[1] === fnName));
    const page = all.slice(0, max);
    return { EventSourceMappings: page.map((c) => wireView(c)), ...(all.length > max ? { NextMarker: page[page.length - 1]!.UUID } : {}) };
  },
});

export const esmOperations: OperationDef<never, never>[] = [
  createEventSourceMapping,
  getEventSourceMapping,
  updateEventSourceMapping,
  deleteEventSourceMapping,
  listEventSourceMappings,
];
