/** PutRecord, PutRecords, GetShardIterator, GetRecords. */
import { AwsError } from "../../core/errors.js";
import { JsonText } from "../../core/protocols/aws-json.js";
import type { RequestContext } from "../../core/context.js";
import { hashHexOf, hexOf, MAX_HASH } from "../hashing.js";
import { decodeIterator, encodeIterator } from "../iterators.js";
import { startPosition } from "../positions.js";
import type { ShardMeta } from "../model.js";
import { base64Size, type RawRecordRow } from "../store.js";
import { invalidArgument, isOpen, kinesisOperation, loadStream, requireActive, streamForRecords, type CachedStream, type KinesisState, type StreamRef } from "../state.js";

interface RecordInput {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

function shardFor(stream: CachedStream, r: RecordInput): ShardMeta {
  let hash: string;
  if (r.ExplicitHashKey !== undefined) {
    if (!/^(0|[1-9]\d{0,38})$/.test(r.ExplicitHashKey) || BigInt(r.ExplicitHashKey) > MAX_HASH) {
      throw invalidArgument(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${r.ExplicitHashKey}`);
    }
    hash = hexOf(BigInt(r.ExplicitHashKey));
  } else hash = hashHexOf(r.PartitionKey);
  const open = stream.open.find((s) => s.start <= hash && hash <= s.end);
  if (!open) throw new AwsError("InternalFailure", "No open shard covers the hash key", { status: 500 });
  return open.shard;
}

function put(ctx: RequestContext, state: KinesisState, stream: CachedStream, r: RecordInput): { ShardId: string; SequenceNumber: string } {
  const shard = shardFor(stream, r);
  const data = Buffer.from(r.Data, "base64");
  const size = data.length + (isAscii(r.PartitionKey) ? r.PartitionKey.length : Buffer.byteLength(r.PartitionKey));
  if (size > stream.meta.maxRecordSizeKiB * 1024) {
    throw invalidArgument(`Record size exceeds the maximum record size of ${stream.meta.maxRecordSizeKiB} KiB for the stream.`);
  }
  const now = ctx.clock.now();
  if (state.throughput && !state.throughput.write(`${stream.meta.arn}\n${shard.ShardId}`, now, size)) {
    throw rateExceeded(ctx, stream.meta.name, shard.ShardId);
  }
  const seq = state.seq.next(now);
  // Stored as canonical base64 (the request's text may be unpadded or carry other characters Buffer skips).
  state.sql.putRecord.run(stream.meta.arn, shard.ShardId, seq, now, r.PartitionKey, data.toString("base64"));
  return { ShardId: shard.ShardId, SequenceNumber: seq };
}

/** Partition keys are nearly always ASCII (then their UTF-8 length is their length). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** ProvisionedThroughputExceededException in AWS's words. */
function rateExceeded(ctx: RequestContext, stream: string, shardId: string): AwsError {
  return new AwsError("ProvisionedThroughputExceededException", `Rate exceeded for shard ${shardId} in stream ${stream} under account ${ctx.accountId}.`);
}

/** Deletes records past retention, at most once a minute per stream (the delete scans the stream's records; reads never return them anyway). */
function trimExpired(ctx: RequestContext, state: KinesisState, stream: CachedStream): void {
  const now = ctx.clock.now();
  if (stream.trimmedAt !== undefined && now - stream.trimmedAt < 60_000) return;
  stream.trimmedAt = now;
  state.sql.trim.run(stream.meta.arn, now - stream.meta.retentionHours * 3_600_000);
}

export const putRecord = kinesisOperation<StreamRef & RecordInput, JsonText>({
  name: "PutRecord",
  handle(input, ctx, state) {
    const stream = streamForRecords(ctx, state, input);
    requireActive(ctx, stream.meta);
    const out = put(ctx, state, stream, input);
    state.env.bus.publish("kinesis.RecordsPut", { accountId: ctx.accountId, region: ctx.region, streamArn: stream.meta.arn });
    // Shard ids and sequence numbers are plain ASCII: the answer is written as text.
    return new JsonText(`{"ShardId":"${out.ShardId}","SequenceNumber":"${out.SequenceNumber}",${stream.putTail}`);
  },
});

export const putRecords = kinesisOperation<StreamRef & { Records: RecordInput[] }, Record<string, unknown>>({
  name: "PutRecords",
  handle(input, ctx, state) {
    const stream = streamForRecords(ctx, state, input);
    requireActive(ctx, stream.meta);
    let failed = 0;
    const records = ctx.store.txn(() =>
      input.Records.map((r) => {
        try {
          return put(ctx, state, stream, r);
        } catch (e) {
          if (!(e instanceof AwsError) || e.status >= 500) throw e;
          failed++;
          return { ErrorCode: e.code, ErrorMessage: e.message };
        }
      }),
    );
    trimExpired(ctx, state, stream);
    state.env.bus.publish("kinesis.RecordsPut", { accountId: ctx.accountId, region: ctx.region, streamArn: stream.meta.arn });
    return { FailedRecordCount: failed, Records: records, EncryptionType: stream.meta.encryption?.EncryptionType ?? "NONE" };
  },
});

interface IteratorInput extends StreamRef {
  ShardId: string;
  ShardIteratorType: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";
  StartingSequenceNumber?: string;
  Timestamp?: number | Date;
}

export const getShardIterator = kinesisOperation<IteratorInput, Record<string, unknown>>({
  name: "GetShardIterator",
  handle(input, ctx, state) {
    const stream = loadStream(ctx, state, input);
    const shard = stream.shards.find((s) => s.ShardId === input.ShardId);
    if (!shard) throw new AwsError("ResourceNotFoundException", `Shard ${input.ShardId} in stream ${stream.meta.name} under account ${ctx.accountId} does not exist`);
    const after = startPosition(ctx, state, stream.meta, shard, { type: input.ShardIteratorType, sequenceNumber: input.StartingSequenceNumber, timestamp: input.Timestamp }, "GetShardIterator");
    const now = ctx.clock.now();
    return { ShardIterator: encodeIterator({ stream: stream.meta.arn, shard: shard.ShardId, after, issuedAt: now }) };
  },
});

/** AWS's GetRecords returns at most 10 MiB (and at least one record); also the bytes read (data and partition keys). */
function upTo10MiB(rows: RawRecordRow[]): { rows: RawRecordRow[]; bytes: number } {
  let data = 0;
  let keys = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    data += base64Size(r[3]);
    if (data > 10 * 1024 * 1024 && i > 0) return { rows: rows.slice(0, i), bytes: data - base64Size(r[3]) + keys };
    keys += isAscii(r[2]) ? r[2].length : Buffer.byteLength(r[2]);
  }
  return { rows, bytes: data + keys };
}

export const getRecords = kinesisOperation<{ ShardIterator: string; Limit?: number; StreamARN?: string }, JsonText>({
  name: "GetRecords",
  handle(input, ctx, state) {
    const now = ctx.clock.now();
    const pos = decodeIterator(input.ShardIterator, now);
    const stream = streamForRecords(ctx, state, { StreamARN: pos.stream });
    const shard = stream.shards.find((s) => s.ShardId === pos.shard);
    if (!shard) throw new AwsError("ResourceNotFoundException", `Shard ${pos.shard} in stream ${stream.meta.name} under account ${ctx.accountId} does not exist`);
    const meterKey = `${stream.meta.arn}\n${shard.ShardId}`;
    if (state.throughput && !state.throughput.readCall(meterKey, now)) throw rateExceeded(ctx, stream.meta.name, shard.ShardId);
    const oldest = now - stream.meta.retentionHours * 3_600_000;
    const { rows, bytes } = upTo10MiB(state.sql.rawRecordsAfter(stream.meta.arn, shard.ShardId, pos.after, oldest, input.Limit ?? 10_000));
    state.throughput?.read(meterKey, now, bytes);
    const last = rows.length ? rows[rows.length - 1]![0] : pos.after;
    const tip = state.sql.lastRecord.get(stream.meta.arn, shard.ShardId);
    const caughtUp = !tip || tip.seq <= last;
    const ended = !isOpen(shard) && caughtUp;
    const children = ended ? stream.shards.filter((s) => s.ParentShardId === shard.ShardId || s.AdjacentParentShardId === shard.ShardId) : [];
    // Built as text from the raw rows (data stored as base64): no object, Buffer or encoder per record.
    let text = '{"Records":[';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      text += `${i === 0 ? "" : ","}{"SequenceNumber":"${r[0]}","ApproximateArrivalTimestamp":${r[1] / 1000},"Data":"${r[3]}","PartitionKey":${JSON.stringify(r[2])}}`;
    }
    text += "]";
    if (!ended) text += `,"NextShardIterator":"${encodeIterator({ ...pos, after: last, issuedAt: now })}"`;
    text += `,"MillisBehindLatest":${caughtUp ? 0 : Math.max(0, now - (rows.length ? rows[rows.length - 1]![1] : now))}`;
    if (ended) text += `,"ChildShards":${JSON.stringify(children.map((c) => ({ ShardId: c.ShardId, ParentShards: [c.ParentShardId, c.AdjacentParentShardId].filter(Boolean), HashKeyRange: c.HashKeyRange })))}`;
    return new JsonText(`${text}}`);
  },
});
