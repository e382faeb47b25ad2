/** PutRecord and PutRecordBatch (DirectPut streams): records are buffered until the next flush. */
import { AwsError } from "../../core/errors.js";
import { JsonText } from "../../core/protocols/aws-json.js";
import type { RequestContext } from "../../core/context.js";
import { scheduleFlush } from "../flush.js";
import { recordIds } from "../kinesis-source.js";
import type { DeliveryStreamMeta } from "../model.js";
import { firehoseOperation, invalidArgument, loadDeliveryStream, type FirehoseState } from "../state.js";

function directPutStream(ctx: RequestContext, state: FirehoseState, name: string): DeliveryStreamMeta {
  const meta = loadDeliveryStream(ctx, state, name);
  if (meta.type === "KinesisStreamAsSource") throw invalidArgument("This operation is not permitted on KinesisStreamAsSource delivery stream type.");
  return meta;
}

function buffer(ctx: RequestContext, state: FirehoseState, meta: DeliveryStreamMeta, records: { Data: string }[]): string[] {
  const wasEmpty = state.sql.anyBuffered.get(meta.arn) === undefined;
  const now = ctx.clock.now();
  let bytes = 0;
  const fresh = recordIds(records.length);
  const ids = ctx.store.txn(() =>
    records.map((r, i) => {
      const id = fresh[i]!;
      const data = Buffer.from(r.Data, "base64");
      bytes += data.length;
      state.sql.buffer.run(meta.arn, id, now, data, null);
      return id;
    }),
  );
  scheduleFlush(state, meta, wasEmpty, bytes);
  return ids;
}

export const putRecord = firehoseOperation<{ DeliveryStreamName: string; Record: { Data: string } }, Record<string, unknown>>({
  name: "PutRecord",
  handle(input, ctx, state) {
    const meta = directPutStream(ctx, state, input.DeliveryStreamName);
    const [id] = buffer(ctx, state, meta, [input.Record]);
    return { RecordId: id, Encrypted: meta.encryption !== undefined };
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
    return new JsonText(`{"FailedPutCount":0,"Encrypted":${meta.encryption !== undefined},"RequestResponses":[${ids.map((id) => `{"RecordId":"${id}"}`).join(",")}]}`);
  },
});
