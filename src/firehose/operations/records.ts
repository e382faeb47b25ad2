/** PutRecord and PutRecordBatch (DirectPut streams): records are buffered until the next flush. */
import { AwsError } from "../../core/errors.js";
import { JsonText } from "../../core/protocols/aws-json.js";
import type { RequestContext } from "../../core/context.js";
import { scheduleFlush } from "../flush.js";
import { bufferBase64, idAt } from "../buffered.js";
import type { DeliveryStreamMeta } from "../model.js";
import { firehoseOperation, invalidArgument, loadDeliveryStream, type FirehoseState } from "../state.js";

function directPutStream(ctx: RequestContext, state: FirehoseState, name: string): DeliveryStreamMeta {
  const meta = loadDeliveryStream(ctx, state, name);
  if (meta.type === "KinesisStreamAsSource") throw invalidArgument("This operation is not permitted on KinesisStreamAsSource delivery stream type.");
  return meta;
}

/** Buffers the records (one row, see buffered.ts) and arms the delivery; returns their ids, joined. */
function buffer(ctx: RequestContext, state: FirehoseState, meta: DeliveryStreamMeta, records: { Data: string }[]): string {
  const wasEmpty = state.sql.anyBuffered.get(meta.arn) === undefined;
  const { ids, bytes } = bufferBase64(state, meta.arn, ctx.clock.now(), records);
  scheduleFlush(state, meta, wasEmpty, bytes);
  return ids;
}

export const putRecord = firehoseOperation<{ DeliveryStreamName: string; Record: { Data: string } }, Record<string, unknown>>({
  name: "PutRecord",
  handle(input, ctx, state) {
    const meta = directPutStream(ctx, state, input.DeliveryStreamName);
    return { RecordId: buffer(ctx, state, meta, [input.Record]), Encrypted: meta.encryption !== undefined };
  },
});

/** 4 MiB for a whole PutRecordBatch, as AWS documents. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export const putRecordBatch = firehoseOperation<{ DeliveryStreamName: string; Records: { Data: string }[] }, JsonText>({
  name: "PutRecordBatch",
  handle(input, ctx, state) {
    const meta = directPutStream(ctx, state, input.DeliveryStreamName);
    const bytes = input.Records.reduce((n, r) => n + Buffer.byteLength(r.Data, "base64"), 0);
    if (bytes > MAX_BATCH_BYTES) throw new AwsError("InvalidArgumentException", `Records size exceeds ${MAX_BATCH_BYTES} bytes limit`);
    const ids = buffer(ctx, state, meta, input.Records);
    // Record ids are base64url: the answer is written as text, without an object per record.
    let entries = "";
    for (let i = 0; i < input.Records.length; i++) entries += `${i ? "," : ""}{"RecordId":"${idAt(ids, i)}"}`;
    return new JsonText(`{"FailedPutCount":0,"Encrypted":${meta.encryption !== undefined},"RequestResponses":[${entries}]}`);
  },
});
