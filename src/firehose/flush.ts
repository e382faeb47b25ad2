/**
 * Delivery: buffered records become S3 objects when SizeInMBs is reached or IntervalInSeconds has
 * passed since the oldest one arrived (a durable job on the clock), concatenated as sent (a
 * newline after each only with the AppendDelimiterToRecord processor), optionally transformed by
 * Lambda and gzipped, written through S3's own PutObject path so notifications fire.
 */
import { gzipSync } from "node:zlib";
import type { Scope } from "../core/events.js";
import type { DeliveryStreamMeta, Processor } from "./model.js";
import { bucketOf, parameter } from "./model.js";
import { objectKey } from "./keys.js";
import type { FirehoseState } from "./state.js";
import { bodyOf, recordsOf, release, takeRows, type Taken } from "./buffered.js";
import { dynamicPartitioning, extractionQuery, keysFromQuery, withPartitionKeys } from "./partitioning.js";
import { transform, type Outcome } from "./transform.js";

export const FLUSH_JOB = "flush";
const MIB = 1024 * 1024;

/** Bytes buffered for a delivery stream; `added` were just buffered (undefined: sum the store again). */
function bufferedSize(state: FirehoseState, arn: string, added: number | undefined): number {
  const known = added === undefined ? undefined : state.bufferedBytes.get(arn);
  const bytes = known === undefined ? (state.sql.bufferedBytes.get(arn)?.bytes ?? 0) : known + added!;
  state.bufferedBytes.set(arn, bytes);
  return bytes;
}

/** After records were buffered (`addedBytes` of them, if known): arms the interval flush, or flushes now when the size is reached. */
export function scheduleFlush(state: FirehoseState, meta: DeliveryStreamMeta, wasEmpty: boolean, addedBytes?: number): void {
  const hints = meta.destination.BufferingHints;
  const bytes = bufferedSize(state, meta.arn, addedBytes);
  if (bytes >= hints.SizeInMBs * MIB) state.env.jobs.schedule(FLUSH_JOB, { arn: meta.arn }, { key: meta.arn });
  else if (wasEmpty) state.env.jobs.schedule(FLUSH_JOB, { arn: meta.arn }, { key: meta.arn, delayMs: hints.IntervalInSeconds * 1000 });
}

/**
 * Delivers what is due for a delivery stream. One at a time per stream: a put that fills the
 * buffer while a delivery is writing schedules another (the job replaces the running one's row),
 * which waits for the first to release its records, then delivers only if still due — two at once
 * took the same records (the object written twice) and cut a partly taken row twice.
 */
export function flush(state: FirehoseState, arn: string): Promise<void> {
  const next = (state.flushing.get(arn) ?? Promise.resolve()).then(() => flushDue(state, arn));
  const settled = next.catch(() => undefined);
  state.flushing.set(arn, settled);
  void settled.then(() => {
    if (state.flushing.get(arn) === settled) state.flushing.delete(arn);
  });
  return next;
}

async function flushDue(state: FirehoseState, arn: string): Promise<void> {
  const row = state.sql.streamByArn.get(arn);
  if (!row) {
    state.sql.clearBuffer.run(arn);
    state.bufferedBytes.delete(arn);
    return;
  }
  const meta = JSON.parse(row.meta) as DeliveryStreamMeta;
  const scope: Scope = { accountId: row.account, region: row.region };
  const d = meta.destination;
  const oldest = state.sql.oldestArrival.get(arn);
  if (!oldest) return;
  const dueAt = oldest.arrival + d.BufferingHints.IntervalInSeconds * 1000;
  if (dueAt > state.env.clock.now() && bufferedSize(state, arn, undefined) < d.BufferingHints.SizeInMBs * MIB) {
    state.env.jobs.schedule(FLUSH_JOB, { arn }, { key: arn, at: dueAt });
    return;
  }
  for (;;) {
    const processors = d.ProcessingConfiguration?.Enabled ? (d.ProcessingConfiguration.Processors ?? []) : [];
    const lambda = processors.find((p) => p.Type === "Lambda" && parameter(p, "LambdaArn"));
    const plain = !lambda && !dynamicPartitioning(d);
    const taken = takeRows(state, arn, d.BufferingHints.SizeInMBs * MIB);
    if (taken.length === 0) return;
    if (plain) await flushAsIs(state, scope, meta, taken, processors.some((p) => p.Type === "AppendDelimiterToRecord"));
    else await flushBatch(state, scope, meta, lambda, taken);
    release(state, arn, taken);
    state.bufferedBytes.delete(arn);
    const rest = state.sql.oldestArrival.get(arn);
    if (!rest) return;
    const hints = d.BufferingHints;
    const { bytes } = state.sql.bufferedBytes.get(arn) ?? { bytes: 0 };
    if ((bytes ?? 0) < hints.SizeInMBs * MIB) {
      state.env.jobs.schedule(FLUSH_JOB, { arn }, { key: arn, at: rest.arrival + hints.IntervalInSeconds * 1000 });
      return;
    }
  }
}

/** Without a Lambda transform or dynamic partitioning the records go out as they are, joined from the rows' data. */
async function flushAsIs(state: FirehoseState, scope: Scope, meta: DeliveryStreamMeta, taken: Taken[], newlines: boolean): Promise<void> {
  const d = meta.destination;
  const body = bodyOf(state, meta.arn, taken, newlines);
  const gzip = d.CompressionFormat === "GZIP";
  const writer = await state.env.ports.get("ObjectWriter");
  await writer.putObject(scope, bucketOf(d), objectKey(meta, taken[0]!.head.arrival, { prefix: d.Prefix, gzip, partitioned: false }), gzip ? gzipSync(body) : body);
}

/** A batch read record by record: transformed by Lambda and/or split by partition keys; failures to the error prefix. */
async function flushBatch(state: FirehoseState, scope: Scope, meta: DeliveryStreamMeta, lambda: Processor | undefined, taken: Taken[]): Promise<void> {
  const d = meta.destination;
  const writer = await state.env.ports.get("ObjectWriter");
  const processors = d.ProcessingConfiguration?.Enabled ? (d.ProcessingConfiguration.Processors ?? []) : [];
  const batch = recordsOf(state, meta.arn, taken);
  const outcomes: Outcome[] = lambda ? await transform(scope, await state.env.ports.get("FunctionInvoker"), meta, lambda, batch) : batch.map((r) => ({ row: r, data: r.data }));
  const delimiter = processors.some((p) => p.Type === "AppendDelimiterToRecord") ? Buffer.from("\n") : undefined;
  const oldest = batch[0]!.arrival;
  const gzip = d.CompressionFormat === "GZIP";
  for (const group of groupsOf(d, outcomes)) {
    const body = Buffer.concat(group.outcomes.flatMap((o) => (delimiter ? [o.data!, delimiter] : [o.data!])));
    const at = group.partitioned ? group.outcomes[0]!.row.arrival : oldest;
    await writer.putObject(scope, bucketOf(d), objectKey(meta, at, { prefix: group.prefix, gzip, partitioned: group.partitioned }), gzip ? gzipSync(body) : body);
  }
  const failed = outcomes.filter((o) => o.failure);
  const lambdaArn = lambda ? parameter(lambda, "LambdaArn") : undefined;
  for (const errorType of new Set(failed.map((o) => o.failure!.errorType ?? "processing-failed"))) {
    const now = state.env.clock.now();
    const lines = failed
      .filter((o) => (o.failure!.errorType ?? "processing-failed") === errorType)
      .map((o) =>
        JSON.stringify({
          attemptsMade: o.failure!.attempts,
          arrivalTimestamp: o.row.arrival,
          errorCode: o.failure!.code,
          errorMessage: o.failure!.message,
          attemptEndingTimestamp: now,
          rawData: o.row.data.toString("base64"),
          lambdaArn,
        }),
      );
    const body = Buffer.from(lines.join("\n") + "\n");
    const prefix = d.ErrorOutputPrefix ?? `${errorType}/`;
    await writer.putObject(scope, bucketOf(d), objectKey(meta, oldest, { prefix, errorType, gzip }), gzip ? gzipSync(body) : body);
  }
}

interface Group {
  prefix: string | undefined;
  partitioned: boolean;
  outcomes: Outcome[];
}

/**
 * The delivered records by object: one group without dynamic partitioning; with it, one per
 * evaluated prefix. A record whose partition keys cannot be found fails (`partitioning-failed`).
 */
function groupsOf(d: DeliveryStreamMeta["destination"], outcomes: Outcome[]): Group[] {
  const delivered = outcomes.filter((o) => o.data && !o.failure);
  if (!dynamicPartitioning(d)) return delivered.length ? [{ prefix: d.Prefix, partitioned: false, outcomes: delivered }] : [];
  const query = extractionQuery(d);
  const groups = new Map<string, Group>();
  for (const o of delivered) {
    const fromQuery = query ? keysFromQuery(query, o.data!) : undefined;
    const prefix = (query && !fromQuery) ? undefined : withPartitionKeys(d.Prefix ?? "", fromQuery, o.partitionKeys);
    if (prefix === undefined) {
      o.failure = { code: "DynamicPartitioning.MetadataExtractionFailed", message: "Partition keys could not be extracted from the record.", attempts: 1, errorType: "partitioning-failed" };
      continue;
    }
    let g = groups.get(prefix);
    if (!g) groups.set(prefix, (g = { prefix, partitioned: true, outcomes: [] }));
    g.outcomes.push(o);
  }
  return [...groups.values()];
}
