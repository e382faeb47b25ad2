/**
 * Data transformation through a Lambda processor: AWS's event (records with recordId,
 * approximateArrivalTimestamp in epoch milliseconds, base64 data, kinesisRecordMetadata for a
 * Kinesis source), results Ok / Dropped / ProcessingFailed, retried NumberOfRetries times (default 3).
 */
import { randomUUID } from "node:crypto";
import type { Scope } from "../core/events.js";
import type { FunctionInvoker } from "../core/ports.js";
import type { DeliveryStreamMeta, Processor } from "./model.js";
import { parameter } from "./model.js";
import type { BufferedRecord } from "./buffered.js";

export interface Outcome {
  row: BufferedRecord;
  data?: Buffer;
  failure?: { code: string; message: string; attempts: number; errorType?: string };
  /** Dynamic partitioning: the function's `metadata.partitionKeys` for the record. */
  partitionKeys?: Record<string, string>;
}

interface LambdaResult {
  records?: { recordId?: string; result?: string; data?: string; metadata?: { partitionKeys?: Record<string, unknown> } }[];
}

function stringKeys(keys: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!keys || typeof keys !== "object") return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(keys)) if (v !== null && typeof v !== "object") out[k] = String(v);
  return out;
}

export async function transform(scope: Scope, invoker: FunctionInvoker, meta: DeliveryStreamMeta, processor: Processor, rows: BufferedRecord[]): Promise<Outcome[]> {
  const lambdaArn = parameter(processor, "LambdaArn")!;
  const attempts = 1 + Number(parameter(processor, "NumberOfRetries") ?? 3);
  const event = {
    invocationId: randomUUID(),
    deliveryStreamArn: meta.arn,
    ...(meta.source ? { sourceKinesisStreamArn: meta.source.KinesisStreamARN } : {}),
    region: scope.region,
    records: rows.map((r) => ({
      recordId: r.record_id,
      approximateArrivalTimestamp: r.arrival,
      data: r.data.toString("base64"),
      ...(r.kinesis ? { kinesisRecordMetadata: JSON.parse(r.kinesis) as unknown } : {}),
    })),
  };
  let lastError = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await invoker.invoke(scope, lambdaArn, JSON.stringify(event), { type: "RequestResponse", source: "firehose" }).catch((e: unknown) => {
      lastError = e instanceof Error ? e.message : String(e);
      return undefined;
    });
    if (!result) continue;
    if (result.functionError) {
      lastError = result.payload.toString("utf8");
      continue;
    }
    let parsed: LambdaResult;
    try {
      parsed = JSON.parse(result.payload.toString("utf8")) as LambdaResult;
    } catch {
      lastError = "The Lambda function returned a response that is not valid JSON";
      continue;
    }
    const byId = new Map((parsed.records ?? []).map((r) => [r.recordId, r]));
    return rows.map((row) => {
      const r = byId.get(row.record_id);
      if (!r) return { row, failure: { code: "Lambda.MissingRecordId", message: "One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.", attempts: attempt } };
      if (r.result === "Dropped") return { row };
      if (r.result === "Ok") return { row, data: Buffer.from(r.data ?? "", "base64"), partitionKeys: stringKeys(r.metadata?.partitionKeys) };
      if (r.result === "ProcessingFailed") return { row, failure: { code: "Lambda.ProcessingFailed", message: "The Lambda function marked the record as ProcessingFailed", attempts: attempt } };
      return { row, failure: { code: "Lambda.InvalidResult", message: `Invalid result ${String(r.result)}: it must be Ok, Dropped or ProcessingFailed`, attempts: attempt } };
    });
  }
  return rows.map((row) => ({ row, failure: { code: "Lambda.FunctionError", message: lastError, attempts } }));
}
