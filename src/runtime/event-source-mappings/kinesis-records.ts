/** Kinesis records as an event source mapping hands them on: AWS's event, the filter view, lanes, reported failures. */
import { createHash } from "node:crypto";
import { parseArn } from "../../core/arn.js";
import type { KinesisRecord } from "../../core/ports.js";

/** A Kinesis data stream's ARN, or a stream consumer's (enhanced fan-out: `stream/<name>/consumer/<name>:<epoch>`). */
export function isKinesisArn(arn: string): boolean {
  return /^arn:aws[\w-]*:kinesis:[^:]*:\d*:stream\/[^/]+(\/consumer\/[^/:]+:\d+)?$/.test(arn);
}

/** The stream a mapping's Kinesis source belongs to (a consumer ARN names its stream's records). */
export function kinesisStreamArnOf(arn: string): string {
  const at = arn.indexOf("/consumer/");
  return at < 0 ? arn : arn.slice(0, at);
}

/** The lane of a partition key when ParallelizationFactor splits a shard into `lanes`. */
export function laneOf(partitionKey: string, lanes: number): number {
  return lanes <= 1 ? 0 : createHash("md5").update(partitionKey).digest().readUInt32BE(0) % lanes;
}

/** AWS's Kinesis event record, as the function receives it. */
export function kinesisEventRecord(r: KinesisRecord, shardId: string, streamArn: string, role: string): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: r.partitionKey,
      sequenceNumber: r.sequenceNumber,
      data: r.data.toString("base64"),
      approximateArrivalTimestamp: r.arrival / 1000,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${shardId}:${r.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: role,
    awsRegion: parseArn(streamArn)?.region ?? "",
    eventSourceARN: streamArn,
  };
}

/** What FilterCriteria patterns see: the record's fields with `data` decoded as JSON when it parses. */
export function filterView(r: KinesisRecord): Record<string, unknown> {
  const text = r.data.toString("utf8");
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // Not JSON: AWS matches nothing against `data` then.
  }
  return { partitionKey: r.partitionKey, sequenceNumber: r.sequenceNumber, data };
}
