/**
 * The record of a discarded Kinesis batch, sent to a mapping's DestinationConfig.OnFailure: AWS's
 * invocation record with `KinesisBatchInfo` to an SQS queue or SNS topic; to an S3 bucket, the same
 * record with the batch's invocation payload (failure-object.ts).
 */
import { parseArn } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import type { KinesisRecord } from "../../core/ports.js";
import type { Runtime } from "../runtime.js";
import { kinesisEventRecord, kinesisStreamArnOf } from "./kinesis-records.js";
import type { MappingConfig } from "./model.js";
import { writeFailureObject } from "./failure-object.js";

export interface DiscardedBatch {
  shardId: string;
  records: KinesisRecord[];
  condition: string;
  invokeCount: number | undefined;
  lastResponse: { functionError?: string; executedVersion?: string };
}

export async function sendDiscardedBatch(rt: Runtime, config: MappingConfig, batch: DiscardedBatch): Promise<void> {
  const destination = config.DestinationConfig?.OnFailure?.Destination;
  if (!destination || batch.records.length === 0) return;
  const first = batch.records[0]!;
  const last = batch.records[batch.records.length - 1]!;
  const now = rt.env.clock.now();
  const streamArn = kinesisStreamArnOf(config.EventSourceArn);
  const record: Record<string, unknown> = {
    requestContext: { requestId: uuid(), functionArn: config.FunctionArn, condition: batch.condition, approximateInvokeCount: batch.invokeCount ?? 0 },
    responseContext: { statusCode: 200, executedVersion: batch.lastResponse.executedVersion ?? "$LATEST", functionError: batch.lastResponse.functionError ?? "Unhandled" },
    version: "1.0",
    timestamp: new Date(now).toISOString(),
    KinesisBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.arrival).toISOString(),
      approximateArrivalOfLastRecord: new Date(last.arrival).toISOString(),
      batchSize: batch.records.length,
      streamArn,
    },
  };
  const arn = parseArn(destination);
  try {
    if (arn?.service === "s3") {
      const payload = { Records: batch.records.map((r) => kinesisEventRecord(r, batch.shardId, streamArn, roleOf(rt, config))) };
      return await writeFailureObject(rt, config, destination, batch.shardId, record, payload);
    }
    const sink = await rt.env.ports.get("MessageSink");
    const body = JSON.stringify(record);
    if (arn?.service === "sns") await sink.publishToTopic(destination, { body });
    else await sink.sendToQueue(destination, { body });
  } catch (err) {
    rt.env.log.warn({ err, destination }, "kinesis batch failure record could not be sent");
  }
}

function roleOf(rt: Runtime, config: MappingConfig): string {
  const arn = parseArn(config.FunctionArn);
  try {
    const f = rt.resolve({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, config.FunctionArn);
    return (f.config as { Role?: string }).Role ?? "";
  } catch {
    return "";
  }
}
