/**
 * The DynamoDB Streams poller of event source mappings (on AWS the Lambda service polls the
 * stream itself; here it reads through the StreamReader port that DynamoDB Streams provides).
 * One batch at a time per mapping, so records are delivered in order (per key, and overall: a
 * local stream has one shard). A failing batch blocks the stream and is retried with backoff on
 * the clock until it succeeds, MaximumRetryAttempts or MaximumRecordAgeInSeconds runs out — then
 * AWS's record pointer goes to DestinationConfig.OnFailure (SQS, SNS, or with the batch to an S3
 * bucket) and the stream moves on.
 * BisectBatchOnFunctionError splits a failing batch in halves; ReportBatchItemFailures resumes
 * from the first failed record. The read position is kept in the mapping's stored row.
 */
import { firstReportedFailure } from "./batch-item-failures.js";
import type { TimerHandle } from "../../core/clock.js";
import { parseArn } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import type { StreamEventRecord, StreamReader } from "../../core/ports.js";
import type { Runtime } from "../runtime.js";
import { matchesPattern, parseFilters } from "./filter.js";
import type { MappingConfig } from "./model.js";
import { writeFailureObject } from "./failure-object.js";
import { TumblingWindow, type WindowInfo } from "./tumbling-window.js";

const MAX_BACKOFF_MS = 60_000;

export function isStreamArn(arn: string): boolean {
  return /^arn:aws[\w-]*:dynamodb:[^:]*:\d*:table\/[^/]+\/stream\/.+$/.test(arn);
}

export class StreamPoller {
  private busy = false;
  private retryTimer?: TimerHandle;
  private windowTimer?: TimerHandle;
  private attempts = 0;
  private limit?: number;
  private tumbling?: TumblingWindow;
  private windowEndTimer?: TimerHandle;

  private readonly saveConfig;

  constructor(
    private readonly rt: Runtime,
    public config: MappingConfig,
  ) {
    // An UPDATE, not an upsert: a position saved after the mapping was deleted changes nothing.
    this.saveConfig = rt.env.store.stmt("UPDATE lambda_esm SET config = ? WHERE uuid = ?");
    if ((config.TumblingWindowInSeconds ?? 0) > 0) this.tumbling = new TumblingWindow(config.TumblingWindowInSeconds!);
  }

  stop(): void {
    this.retryTimer?.cancel();
    this.windowTimer?.cancel();
    this.windowEndTimer?.cancel();
    this.config = { ...this.config, State: "Disabled" };
  }

  private async reader(): Promise<StreamReader | undefined> {
    try {
      return await this.rt.env.ports.get("StreamReader");
    } catch {
      return undefined;
    }
  }

  /** Delivers the next batch if there is one and nothing blocks; true if it invoked the function. */
  async poke(): Promise<boolean> {
    const c = this.config;
    if (c.State !== "Enabled" || this.busy || this.retryTimer || this.windowTimer) return false;
    this.busy = true;
    try {
      const reader = await this.reader();
      if (!reader) return false;
      if (this.config.Position === undefined) this.setPosition(await reader.startPosition(c.EventSourceArn, c.StartingPosition === "LATEST" ? "LATEST" : "TRIM_HORIZON"));
      const from = this.config.Position!;
      const read = await reader.read(c.EventSourceArn, from, this.limit ?? c.BatchSize);
      let { records, position } = read;
      const { positions } = read;
      if (records.length === 0) {
        if (position !== from) this.setPosition(position);
        return false;
      }
      if (this.tumbling) {
        const w = this.tumbling.windowOf(records[0]!);
        // A record of a later window ends the current one first.
        if (this.tumbling.current && w.start > this.tumbling.current.start) return await this.finishWindow(reader);
        const n = this.tumbling.sameWindow(records);
        if (n < records.length) [records, position] = [records.slice(0, n), positions[n - 1]!];
        this.openWindow(w);
      }
      if (c.MaximumBatchingWindowInSeconds > 0 && records.length < c.BatchSize && !this.windowOpened) {
        this.windowOpened = true;
        this.windowTimer = this.rt.env.clock.setTimer(this.rt.env.clock.now() + c.MaximumBatchingWindowInSeconds * 1000, async () => {
          this.windowTimer = undefined;
          await this.poke();
        });
        return false;
      }
      this.windowOpened = false;
      const before = new Map(records.map((r, i) => [r, i === 0 ? from : positions[i - 1]!]));
      await this.deliver(reader, records, position, before);
      return true;
    } finally {
      this.busy = false;
    }
  }
  private windowOpened = false;

  private setPosition(position: string): void {
    this.config = { ...this.config, Position: position };
    this.saveConfig.run(JSON.stringify(this.config), this.config.UUID);
  }

  private async deliver(reader: StreamReader, records: StreamEventRecord[], after: string, before: Map<StreamEventRecord, string>): Promise<void> {
    const c = this.config;
    const filters = parseFilters(c.FilterCriteria?.Filters);
    const batch = filters.length > 0 ? records.filter((r) => filters.some((p) => matchesPattern(p, r))) : records;
    const now = this.rt.env.clock.now();
    const ageLimit = c.MaximumRecordAgeInSeconds !== undefined && c.MaximumRecordAgeInSeconds >= 0 ? c.MaximumRecordAgeInSeconds * 1000 : undefined;
    const fresh = ageLimit === undefined ? batch : batch.filter((r) => now - arrival(r) <= ageLimit);
    if (fresh.length < batch.length) await this.onFailure(reader, batch.filter((r) => !fresh.includes(r)), "RecordAgeExceeded", undefined);
    if (fresh.length === 0) return this.advance(after);
    const failedFrom = await this.invoke(fresh);
    if (failedFrom === undefined) return this.advance(after);
    // Failure: retry from the first failed record, unless the limits say give up.
    const failed = fresh.slice(failedFrom);
    this.attempts++;
    const maxRetries = c.MaximumRetryAttempts ?? -1;
    const tooOld = ageLimit !== undefined && now - arrival(failed[0]!) > ageLimit;
    if ((maxRetries >= 0 && this.attempts > maxRetries) || tooOld) {
      await this.onFailure(reader, failed, tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted", this.attempts);
      return this.advance(after);
    }
    if (failedFrom > 0) this.setPosition(before.get(fresh[failedFrom]!) ?? this.config.Position!);
    if (c.BisectBatchOnFunctionError && failed.length > 1) this.limit = Math.ceil(failed.length / 2);
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.attempts - 1, 10));
    this.retryTimer = this.rt.env.clock.setTimer(this.rt.env.clock.now() + delay, async () => {
      this.retryTimer = undefined;
      await this.poke();
    });
  }

  private openWindow(w: WindowInfo): void {
    const t = this.tumbling!;
    if (t.current?.start === w.start) return;
    t.current = w;
    this.windowEndTimer?.cancel();
    // When the window's time is over, its final invocation goes out even if no record follows.
    this.windowEndTimer = this.rt.env.clock.setTimer(Math.max(w.end, this.rt.env.clock.now()), async () => {
      this.windowEndTimer = undefined;
      const reader = await this.reader();
      if (reader && !this.busy && this.tumbling?.current?.start === w.start) {
        this.busy = true;
        try {
          await this.finishWindow(reader);
        } finally {
          this.busy = false;
        }
        await this.poke();
      }
    });
  }

  /** The final invocation of the current window (no records, the aggregated state); true if it went out. */
  private async finishWindow(reader: StreamReader): Promise<boolean> {
    const t = this.tumbling!;
    const window = t.current!;
    const c = this.config;
    const arn = parseArn(c.FunctionArn);
    try {
      const f = this.rt.resolve({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, c.FunctionArn);
      const result = await this.rt.invoke(f, JSON.stringify(t.event([], window, true, c.EventSourceArn, await this.shardId(reader))), { invocationType: "RequestResponse" });
      if (result.functionError) return false;
    } catch (err) {
      this.rt.env.log.debug({ err, uuid: c.UUID }, "final tumbling-window invocation not processed");
      return false;
    }
    this.windowEndTimer?.cancel();
    this.windowEndTimer = undefined;
    t.close();
    return true;
  }

  private async shardId(reader?: StreamReader): Promise<string> {
    const r = reader ?? (await this.reader());
    return (await r?.describe(this.config.EventSourceArn))?.shardId ?? "";
  }

  private advance(after: string): void {
    this.attempts = 0;
    this.limit = undefined;
    this.setPosition(after);
  }

  /** Invokes with the batch; undefined on success, else the index of the first failed record. */
  private async invoke(records: StreamEventRecord[]): Promise<number | undefined> {
    const c = this.config;
    const arn = parseArn(c.FunctionArn);
    try {
      const f = this.rt.resolve({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, c.FunctionArn);
      const t = this.tumbling;
      const payload = t?.current ? t.event(records, t.current, false, c.EventSourceArn, await this.shardId()) : { Records: records };
      const result = await this.rt.invoke(f, JSON.stringify(payload), { invocationType: "RequestResponse" });
      this.lastResponse = { functionError: result.functionError, executedVersion: result.executedVersion };
      if (result.functionError) return 0;
      if (t) t.remember(result.text);
      if (!c.FunctionResponseTypes?.includes("ReportBatchItemFailures")) return undefined;
      return firstReportedFailure(result.text, records, (r) => (r.dynamodb as { SequenceNumber?: string }).SequenceNumber);
    } catch (err) {
      this.rt.env.log.debug({ err, uuid: c.UUID }, "stream batch not processed (throttled or function missing)");
      this.lastResponse = { functionError: "Unhandled" };
      return 0;
    }
  }
  private lastResponse: { functionError?: string; executedVersion?: string } = {};

  /** AWS's record pointer (DDBStreamBatchInfo) to the on-failure destination. */
  private async onFailure(reader: StreamReader, records: StreamEventRecord[], condition: string, invokeCount: number | undefined): Promise<void> {
    const destination = this.config.DestinationConfig?.OnFailure?.Destination;
    if (!destination || records.length === 0) return;
    const info = await reader.describe(this.config.EventSourceArn);
    const seq = (r: StreamEventRecord): string => (r.dynamodb as { SequenceNumber: string }).SequenceNumber;
    const pointer = {
      requestContext: { requestId: uuid(), functionArn: this.config.FunctionArn, condition, approximateInvokeCount: invokeCount ?? 0 },
      responseContext: { statusCode: 200, executedVersion: this.lastResponse.executedVersion ?? "$LATEST", functionError: this.lastResponse.functionError ?? "Unhandled" },
      version: "1.0",
      timestamp: new Date(this.rt.env.clock.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: info?.shardId ?? "",
        startSequenceNumber: seq(records[0]!),
        endSequenceNumber: seq(records[records.length - 1]!),
        approximateArrivalOfFirstRecord: new Date(arrival(records[0]!)).toISOString(),
        approximateArrivalOfLastRecord: new Date(arrival(records[records.length - 1]!)).toISOString(),
        batchSize: records.length,
        streamArn: this.config.EventSourceArn,
      },
    };
    try {
      const service = parseArn(destination)?.service;
      // To S3, the pointer goes with the batch as the function was invoked with it.
      if (service === "s3") return await writeFailureObject(this.rt, this.config, destination, pointer.DDBStreamBatchInfo.shardId, pointer, { Records: records });
      const sink = await this.rt.env.ports.get("MessageSink");
      const body = JSON.stringify(pointer);
      if (service === "sns") await sink.publishToTopic(destination, { body });
      else await sink.sendToQueue(destination, { body });
    } catch (err) {
      this.rt.env.log.warn({ err, destination }, "stream batch failure record could not be sent");
    }
  }
}

function arrival(r: StreamEventRecord): number {
  return ((r.dynamodb as { ApproximateCreationDateTime?: number }).ApproximateCreationDateTime ?? 0) * 1000;
}

