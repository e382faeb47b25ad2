/**
 * The SQS poller of event source mappings (on AWS the Lambda service polls the queue itself):
 * receives batches through the QueueConsumer port when `queue.MessageSent` says there is work (and
 * at each settle), waits MaximumBatchingWindowInSeconds on the clock, invokes the function
 * synchronously with AWS's SQS event, deletes what succeeded — all of it, or all but the
 * `batchItemFailures` it reported — and leaves the rest to reappear after the visibility timeout,
 * so the queue's redrive policy moves poison messages to its DLQ. Runs up to
 * ScalingConfig.MaximumConcurrency batches at once; a throttled function slows it down.
 */
import type { TimerHandle } from "../../core/clock.js";
import type { ConsumedMessage, QueueConsumer } from "../../core/ports.js";
import { parseArn } from "../../core/arn.js";
import type { Runtime } from "../runtime.js";
import { filterView, matchesPattern, parseFilters } from "./filter.js";
import type { MappingConfig } from "./model.js";
import { isStreamArn, StreamPoller } from "./stream-poller.js";
import { KinesisPoller } from "./kinesis-poller.js";
import { isKinesisArn } from "./kinesis-records.js";

const DEFAULT_MAX_CONCURRENCY = 1000;

export function sqsRecord(m: ConsumedMessage, queueArn: string): Record<string, unknown> {
  const arn = parseArn(queueArn);
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle,
    body: m.body,
    attributes: m.attributes,
    messageAttributes: Object.fromEntries(
      Object.entries(m.messageAttributes).map(([k, a]) => [
        k,
        {
          ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
          ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue.toString("base64") } : {}),
          stringListValues: [],
          binaryListValues: [],
          dataType: a.DataType,
        },
      ]),
    ),
    md5OfBody: m.md5OfBody,
    ...(m.md5OfMessageAttributes ? { md5OfMessageAttributes: m.md5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: arn?.region ?? "",
  };
}

class MappingPoller {
  private busy = 0;
  private windowTimer?: TimerHandle;
  private retryTimer?: TimerHandle;
  private windowOpen = false;

  constructor(
    private readonly rt: Runtime,
    public config: MappingConfig,
  ) {}

  stop(): void {
    this.windowTimer?.cancel();
    this.retryTimer?.cancel();
    this.config = { ...this.config, State: "Disabled" };
  }

  /**
   * Starts what can start now; true if it started a batch. With a batching window, only a sent
   * message (`arrived`) opens the window, and its end (or a retry) receives.
   */
  async poke(mode: "arrived" | "settle" | "now" = "now"): Promise<boolean> {
    const c = this.config;
    if (c.State !== "Enabled") return false;
    if (c.MaximumBatchingWindowInSeconds > 0 && mode !== "now") {
      if (mode === "settle" || this.windowOpen) return false;
      this.windowOpen = true;
      this.windowTimer = this.rt.env.clock.setTimer(this.rt.env.clock.now() + c.MaximumBatchingWindowInSeconds * 1000, async () => {
        this.windowOpen = false;
        await this.poke("now");
      });
      return false;
    }
    let started = false;
    const max = c.ScalingConfig?.MaximumConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    while (this.busy < max) {
      const consumer = await this.consumer();
      if (!consumer) return started;
      const batch: ConsumedMessage[] = [];
      try {
        while (batch.length < c.BatchSize) {
          const got = await consumer.receive(c.EventSourceArn, { maxMessages: Math.min(10, c.BatchSize - batch.length) });
          batch.push(...got);
          if (got.length === 0) break;
        }
      } catch (err) {
        this.rt.env.log.debug({ err, uuid: c.UUID }, "event source mapping could not receive (queue gone?)");
        return started;
      }
      if (batch.length === 0) return started;
      started = true;
      this.busy++;
      void this.rt.env.bus.track(
        this.process(consumer, batch).finally(() => {
          this.busy--;
        }),
      );
    }
    return started;
  }

  private async consumer(): Promise<QueueConsumer | undefined> {
    try {
      return await this.rt.env.ports.get("QueueConsumer");
    } catch {
      return undefined;
    }
  }

  private async process(consumer: QueueConsumer, messages: ConsumedMessage[]): Promise<void> {
    const c = this.config;
    const records = messages.map((m) => sqsRecord(m, c.EventSourceArn));
    let kept = records;
    const filters = parseFilters(c.FilterCriteria?.Filters);
    if (filters.length > 0) {
      kept = records.filter((r) => filters.some((p) => matchesPattern(p, filterView(r))));
      const dropped = records.filter((r) => !kept.includes(r)).map((r) => r.receiptHandle as string);
      // AWS deletes SQS messages that match no filter.
      if (dropped.length > 0) await consumer.deleteMessages(c.EventSourceArn, dropped);
      if (kept.length === 0) return;
    }
    const arn = parseArn(c.FunctionArn);
    const scope = { accountId: arn?.accountId ?? "", region: arn?.region ?? "" };
    let failed: string[] | "all" = "all";
    try {
      const f = this.rt.resolve(scope, c.FunctionArn);
      const result = await this.rt.invoke(f, JSON.stringify({ Records: kept }), { invocationType: "RequestResponse" });
      if (!result.functionError) failed = this.reportedFailures(result.text, kept);
    } catch (err) {
      this.rt.env.log.debug({ err, uuid: c.UUID }, "event source mapping batch not processed (throttled or function missing)");
    }
    const handles = kept.map((r) => r.receiptHandle as string);
    const toDelete = failed === "all" ? [] : kept.filter((r) => !(failed as string[]).includes(r.messageId as string)).map((r) => r.receiptHandle as string);
    if (toDelete.length > 0) await consumer.deleteMessages(c.EventSourceArn, toDelete);
    if (toDelete.length < handles.length) {
      // The rest reappear after their visibility timeout; look again then.
      const info = await consumer.describe(c.EventSourceArn);
      const due = this.rt.env.clock.now() + (info?.visibilityTimeoutSeconds ?? 30) * 1000;
      if (!this.retryTimer || this.retryTimer.dueAt > due) {
        this.retryTimer?.cancel();
        this.retryTimer = this.rt.env.clock.setTimer(due, async () => {
          this.retryTimer = undefined;
          await this.poke();
        });
      }
    } else {
      await this.poke();
    }
  }

  /** `batchItemFailures` when ReportBatchItemFailures is on; an invalid report fails the batch. */
  private reportedFailures(payload: string, records: Record<string, unknown>[]): string[] | "all" {
    if (!this.config.FunctionResponseTypes?.includes("ReportBatchItemFailures")) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return [];
    }
    const list = (parsed as { batchItemFailures?: unknown } | null)?.batchItemFailures;
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) return "all";
    const ids = new Set(records.map((r) => r.messageId as string));
    const failed: string[] = [];
    for (const item of list) {
      const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      if (typeof id !== "string" || !ids.has(id)) return "all";
      failed.push(id);
    }
    return failed;
  }
}

export class MappingPollers {
  private pollers = new Map<string, MappingPoller>();
  private streamPollers = new Map<string, StreamPoller>();
  private kinesisPollers = new Map<string, KinesisPoller>();

  constructor(private readonly rt: Runtime) {}

  upsert(config: MappingConfig): void {
    if (isStreamArn(config.EventSourceArn)) return this.upsertStream(config);
    if (isKinesisArn(config.EventSourceArn)) return this.upsertKinesis(config);
    const existing = this.pollers.get(config.UUID);
    if (existing) existing.config = config;
    else this.pollers.set(config.UUID, new MappingPoller(this.rt, config));
    void this.rt.env.bus.track(this.pollers.get(config.UUID)!.poke("arrived"));
  }

  private upsertStream(config: MappingConfig): void {
    const existing = this.streamPollers.get(config.UUID);
    // The stored position survives an update that does not carry it.
    if (existing) existing.config = { ...config, Position: config.Position ?? existing.config.Position };
    else this.streamPollers.set(config.UUID, new StreamPoller(this.rt, config));
    void this.rt.env.bus.track(this.streamPollers.get(config.UUID)!.poke());
  }

  private upsertKinesis(config: MappingConfig): void {
    const existing = this.kinesisPollers.get(config.UUID);
    if (existing) existing.config = { ...config, Position: config.Position ?? existing.config.Position };
    else this.kinesisPollers.set(config.UUID, new KinesisPoller(this.rt, config));
    void this.rt.env.bus.track(this.kinesisPollers.get(config.UUID)!.poke());
  }

  async pokeKinesis(streamArn: string): Promise<void> {
    for (const p of this.kinesisPollers.values()) if (p.config.EventSourceArn === streamArn) await p.poke();
  }

  remove(uuid: string): void {
    this.pollers.get(uuid)?.stop();
    this.pollers.delete(uuid);
    this.streamPollers.get(uuid)?.stop();
    this.streamPollers.delete(uuid);
    this.kinesisPollers.get(uuid)?.stop();
    this.kinesisPollers.delete(uuid);
  }

  async pokeQueue(queueArn: string): Promise<void> {
    for (const p of this.pollers.values()) if (p.config.EventSourceArn === queueArn) await p.poke("arrived");
  }

  async pokeAll(): Promise<boolean> {
    let did = false;
    for (const p of this.pollers.values()) if (await p.poke("settle")) did = true;
    for (const p of this.streamPollers.values()) if (await p.poke()) did = true;
    for (const p of this.kinesisPollers.values()) if (await p.poke()) did = true;
    return did;
  }

  reload(): void {
    for (const p of this.pollers.values()) p.stop();
    this.pollers.clear();
    for (const p of this.streamPollers.values()) p.stop();
    this.streamPollers.clear();
    for (const p of this.kinesisPollers.values()) p.stop();
    this.kinesisPollers.clear();
    for (const row of this.rt.stmts.allEsm.all()) this.upsert(JSON.parse(row.config) as MappingConfig);
  }
}

/** SQS event source mappings: started with the runtime. */
export function startEventSourceMappings(rt: Runtime): void {
  const pollers = rt.mappings;
  const off1 = rt.env.bus.subscribe("queue.MessageSent", (e) => pollers.pokeQueue(e.queueArn));
  const off2 = rt.env.bus.onSettle(() => pollers.pokeAll());
  // A wake-up only: the poller reads the stream itself, and PutRecord never waits for it.
  const off3 = rt.env.bus.subscribe("kinesis.RecordsPut", (e) => {
    void rt.env.bus.track(pollers.pokeKinesis(e.streamArn));
  });
  // On the system clock, also look once a second: delayed messages and messages another consumer
  // let go become visible without a send. (A virtual clock settles after every move instead.)
  let tick: TimerHandle | undefined;
  let closed = false;
  const arm = (): void => {
    if (closed || rt.env.clock.virtual) return;
    tick = rt.env.clock.setTimer(rt.env.clock.now() + 1000, async () => {
      await pollers.pokeAll();
      arm();
    });
  };
  rt.closeHooks.add(() => {
    closed = true;
    tick?.cancel();
    off1();
    off2();
    off3();
  });
  rt.restoreHooks.add(() => {
    pollers.reload();
    arm();
  });
  pollers.reload();
  arm();
}
