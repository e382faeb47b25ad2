import { lambdaOperation } from "../state.js";
import { parseArn } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import { lambdaErrors } from "../errors.js";
import { wireView, type MappingConfig } from "../event-source-mappings/model.js";
import { saveMapping, validateMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";
import { isStreamArn, streamSettings } from "../event-source-mappings/stream-validation.js";
import { isKinesisArn, startingTimestamp } from "../event-source-mappings/kinesis-validation.js";

export const createEventSourceMapping = lambdaOperation<MappingInput, MappingWire>({
  name: "CreateEventSourceMapping",
  async handle(input, ctx, rt) {
    if (!input.EventSourceArn) throw lambdaErrors.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk or mq.");
    const source = parseArn(input.EventSourceArn);
    const kinesis = isKinesisArn(input.EventSourceArn);
    const stream = isStreamArn(input.EventSourceArn) || kinesis;
    if (!source || (source.service !== "sqs" && !stream)) throw lambdaErrors.invalidParameter("local-aws supports event source mappings for SQS queues, DynamoDB streams and Kinesis streams only.");
    const f = rt.resolve(ctx, input.FunctionName ?? "");
    const id = uuid();
    const c: MappingConfig = {
      UUID: id,
      BatchSize: input.BatchSize ?? (stream ? 100 : 10),
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
      ...(stream ? streamSettings(input) : {}),
      ...(kinesis ? startingTimestamp(input) : {}),
    };
    await validateMapping(ctx, c);
    const dup = rt.stmts.listEsm.all(ctx.accountId, ctx.region, "").find((r) => r.source_arn === c.EventSourceArn && (JSON.parse(r.config) as MappingConfig).FunctionArn === c.FunctionArn);
    if (dup) {
      throw lambdaErrors.conflict(
        `An event source mapping with ${kinesis ? "Kinesis" : stream ? "DynamoDB stream" : "SQS"} arn (" ${c.EventSourceArn} ") and function (" ${f.name} ") already exists. Please update or delete the existing mapping with UUID ${dup.uuid}`,
      );
    }
    saveMapping(rt, ctx, c);
    return wireView(c, "Creating");
  },
});
