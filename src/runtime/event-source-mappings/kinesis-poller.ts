/**
 * The Kinesis Data Streams poller of event source mappings (on AWS the Lambda service polls the
 * stream itself; here it reads through the KinesisReader port). Built like the DynamoDB-stream
 * poller, but per shard: each shard has its own cursor, one batch at a time, so a shard's records
 * are delivered in order while shards run side by side. A failing batch blocks its shard and is
 * retried with backoff on the clock until it succeeds, MaximumRetryAttempts or
 * MaximumRecordAgeInSeconds runs out — then AWS's `KinesisBatchInfo` record goes to
 * DestinationConfig.OnFailure (SQS, SNS or S3: kinesis-on-failure.ts) and the shard moves on.
 * A stream consumer's ARN (enhanced fan-out) reads its stream's records the same way. BisectBatchOnFunctionError
 * splits a failing batch in halves; ReportBatchItemFailures resumes from the first failed record.
 * Read positions (the last sequence number handled, per shard) are kept in the mapping's row.
 * ParallelizationFactor N splits a shard into N lanes by the MD5 of the partition key: each lane has
 * a cursor of its own, so up to N batches of a shard run at once and a key's records stay in order.
 */
import type { TimerHandle } from "../../core/clock.js";
import { parseArn } from "../../core/arn.js";
import type { Scope } from "../../core/events.js";
import type { KinesisReader, KinesisRecord } from "../../core/ports.js";
import type { Runtime } from "../runtime.js";
import { matchesPattern, parseFilters } from "./filter.js";
import { sendDiscardedBatch } from "./kinesis-on-failure.js";
import { firstReportedFailure } from "./batch-item-failures.js";
import { filterView, kinesisEventRecord, kinesisStreamArnOf, laneOf } from "./kinesis-records.js";
import type { MappingConfig } from "./model.js";
import { TumblingWindow, type WindowInfo } from "./tumbling-window.js";

const MAX_BACKOFF_MS = 60_000;
/** Records looked at per read while seeking an AT_TIMESTAMP start. */
const SEEK_CHUNK = 10_000;
/** At most this many reads to fill one lane's batch (its records are among the other lanes'). */
const LANE_READS = 10;

class ShardCursor {
  busy = false;
  retryTimer?: TimerHandle;
  windowTimer?: TimerHandle;
  windowOpened = false;
  attempts = 0;
  limit?: number;
  lastResponse: { functionError?: string; executedVersion?: string } = {};
  /** TumblingWindowInSeconds: this cursor's window and state (in memory, as for DynamoDB streams). */
  tumbling?: TumblingWindow;
  windowEndTimer?: TimerHandle;

  constructor(
    readonly shardId: string,
    readonly lane: number,
    readonly lanes: number,
    windowSeconds: number,
  ) {
    if (windowSeconds > 0) this.tumbling = new TumblingWindow(windowSeconds);
  }

  /** The key of this cursor's position in the mapping's row. */
  get key(): string {
    return this.lanes <= 1 ? this.shardId : `${this.shardId}#${this.lane}`;
  }

  stop(): void {
    this.retryTimer?.cancel();
    this.windowTimer?.cancel();
    this.windowEndTimer?.cancel();
  }
}

export class KinesisPoller {
  private cursors = new Map<string, ShardCursor>();
  private parsed?: { text: string | undefined; value: Record<string, string> };
  private readonly saveConfig;
  private readonly scope: Scope;

  constructor(
    private readonly rt: Runtime,
    public config: MappingConfig,
  ) {
    // An UPDATE, not an upsert: a position saved after the mapping was deleted changes nothing.
    this.saveConfig = rt.env.store.stmt("UPDATE lambda_esm SET config = ? WHERE uuid = ?");
    const arn = parseArn(config.EventSourceArn);
    this.scope = { accountId: arn?.accountId ?? "", region: arn?.region ?? "" };
  }

  stop(): void {
    for (const c of this.cursors.values()) c.stop();
    this.config = { ...this.config, State: "Disabled" };
  }

  private async reader(): Promise<KinesisReader | undefined> {
    try {
      return await this.rt.env.ports.get("KinesisReader");
    } catch {
      return undefined;
    }
  }

  /** The read positions, parsed once per change of the saved text (every put pokes the poller, which reads them per lane). */
  private positions(): Readonly<Record<string, string>> {
    const text = this.config.Position;
    if (this.parsed && this.parsed.text === text) return this.parsed.value;
    let value: Record<string, string> = {};
    try {
      if (text) value = JSON.parse(text) as Record<string, string>;
    } catch {
      value = {};
    }
    this.parsed = { text, value };
    return value;
  }

  private setPosition(key: string, seq: string): void {
    const positions = { ...this.positions(), [key]: seq };
    this.config = { ...this.config, Position: JSON.stringify(positions) };
    this.saveConfig.run(JSON.stringify(this.config), this.config.UUID);
  }

  /** Looks at every shard; true if it invoked the function. */
  async poke(): Promise<boolean> {
    if (this.config.State !== "Enabled") return false;
    const reader = await this.reader();
    const shards = reader && (await reader.shards(this.scope, this.config.EventSourceArn));
    if (!reader || !shards) return false;
    // The shards known when the mapping starts begin at StartingPosition; shards created later
    // (by a split or merge) are read from their start, as AWS does.
    const first = this.config.Position === undefined;
    const lanes = Math.max(1, this.config.ParallelizationFactor ?? 1);
    for (const s of shards) this.relayout(s.shardId, lanes);
    const cursors = shards.map((s) => ({ open: s.open, lanes: Array.from({ length: lanes }, (_, lane) => this.cursorOf(s.shardId, lane, lanes)) }));
    for (const cur of cursors.flatMap((x) => x.lanes)) {
      if (this.positions()[cur.key] === undefined) this.setPosition(cur.key, first ? await this.startOf(reader, cur.shardId) : "0");
    }
    // As on AWS, a closed shard (the parent of a split or merge) is read to its end before the open
    // ones (its children), so a partition key's records stay in order across a reshard.
    const waiting = await this.closedShardsPending(reader, cursors);
    const work = cursors.filter((x) => !(x.open && waiting)).flatMap((x) => x.lanes.map((cur) => this.pokeShard(reader, cur, first)));
    return (await Promise.all(work)).some(Boolean);
  }

  private async closedShardsPending(reader: KinesisReader, cursors: { open: boolean; lanes: ShardCursor[] }[]): Promise<boolean> {
    for (const { open, lanes } of cursors) {
      if (open) continue;
      for (const cur of lanes) {
        const from = this.positions()[cur.key] ?? "0";
        if ((await this.readLane(reader, cur, from, 1)).records.length > 0) return true;
      }
    }
    return false;
  }

  private cursorOf(shardId: string, lane: number, lanes: number): ShardCursor {
    const key = lanes <= 1 ? shardId : `${shardId}#${lane}`;
    let cur = this.cursors.get(key);
    const windowSeconds = this.config.TumblingWindowInSeconds ?? 0;
    if (!cur || cur.lanes !== lanes || (cur.tumbling?.seconds ?? 0) !== windowSeconds) {
      cur?.stop();
      this.cursors.set(key, (cur = new ShardCursor(shardId, lane, lanes, windowSeconds)));
    }
    return cur;
  }

  /**
   * After ParallelizationFactor changed, the new lanes of a shard start where its slowest old lane
   * was (records may be delivered twice, never skipped), and the old lanes' positions are dropped.
   */
  private relayout(shardId: string, lanes: number): void {
    const saved = this.positions();
    const keys = lanes <= 1 ? [shardId] : Array.from({ length: lanes }, (_, i) => `${shardId}#${i}`);
    const mine = Object.keys(saved).filter((k) => k === shardId || k.startsWith(`${shardId}#`));
    if (mine.length === 0 || (mine.length === keys.length && keys.every((k) => saved[k] !== undefined))) return;
    const positions = { ...saved };
    const base = mine.map((k) => positions[k]!).sort()[0]!;
    for (const k of mine) delete positions[k];
    for (const k of keys) positions[k] = base;
    this.config = { ...this.config, Position: JSON.stringify(positions) };
    this.saveConfig.run(JSON.stringify(this.config), this.config.UUID);
  }

  private async pokeShard(reader: KinesisReader, cur: ShardCursor, first: boolean): Promise<boolean> {
    if (this.config.State !== "Enabled" || cur.busy || cur.retryTimer || cur.windowTimer || this.cursors.get(cur.key) !== cur) return false;
    cur.busy = true;
    let delivered = false;
    try {
      const c = this.config;
      let from = this.positions()[cur.key];
      if (from === undefined) {
        from = first ? await this.startOf(reader, cur.shardId) : "0";
        this.setPosition(cur.key, from);
      }
      let { records, scannedTo } = await this.readLane(reader, cur, from, cur.limit ?? c.BatchSize);
      if (records.length === 0) {
        if (scannedTo !== from) this.setPosition(cur.key, scannedTo);
        return false;
      }
      const t = cur.tumbling;
      if (t) {
        const w = t.windowAt(records[0]!.arrival);
        // A record of a later window ends the current one first.
        if (t.current && w.start > t.current.start) return await this.finishWindow(cur);
        const n = records.findIndex((r) => t.windowAt(r.arrival).start !== w.start);
        if (n > 0) [records, scannedTo] = [records.slice(0, n), records[n - 1]!.sequenceNumber];
        this.openWindow(cur, w);
      }
      if (c.MaximumBatchingWindowInSeconds > 0 && records.length < c.BatchSize && !cur.windowOpened) {
        cur.windowOpened = true;
        const opened = cur;
        cur.windowTimer = this.rt.env.clock.setTimer(this.rt.env.clock.now() + c.MaximumBatchingWindowInSeconds * 1000, async () => {
          opened.windowTimer = undefined;
          await this.pokeShard(reader, opened, false);
        });
        return false;
      }
      cur.windowOpened = false;
      await this.deliver(cur, records, scannedTo);
      delivered = true;
      return true;
    } finally {
      cur.busy = false;
      // Records put while the batch ran are read now, not at the next look (a second later on the system clock).
      if (delivered && !cur.retryTimer) void this.rt.env.bus.track(this.pokeShard(reader, cur, false));
    }
  }

  /** Up to `limit` of the lane's records after `from`, and the sequence number they were read up to. */
  private async readLane(reader: KinesisReader, cur: ShardCursor, from: string, limit: number): Promise<{ records: KinesisRecord[]; scannedTo: string }> {
    const arn = this.config.EventSourceArn;
    if (cur.lanes <= 1) {
      const records = await reader.read(this.scope, arn, cur.shardId, from, limit);
      return { records, scannedTo: records.length > 0 ? records[records.length - 1]!.sequenceNumber : from };
    }
    const records: KinesisRecord[] = [];
    let scannedTo = from;
    for (let i = 0; i < LANE_READS; i++) {
      const chunk = await reader.read(this.scope, arn, cur.shardId, scannedTo, limit * cur.lanes);
      for (const r of chunk) {
        scannedTo = r.sequenceNumber;
        if (laneOf(r.partitionKey, cur.lanes) !== cur.lane) continue;
        records.push(r);
        if (records.length === limit) return { records, scannedTo };
      }
      if (chunk.length < limit * cur.lanes) break;
    }
    return { records, scannedTo };
  }

  /** The sequence number before the first record to read, as StartingPosition says. */
  private async startOf(reader: KinesisReader, shardId: string): Promise<string> {
    const c = this.config;
    if (c.StartingPosition === "LATEST") return reader.latest(this.scope, c.EventSourceArn, shardId);
    if (c.StartingPosition !== "AT_TIMESTAMP") return "0";
    const at = (c.StartingPositionTimestamp ?? 0) * 1000;
    let before = "0";
    for (;;) {
      const chunk = await reader.read(this.scope, c.EventSourceArn, shardId, before, SEEK_CHUNK);
      const hit = chunk.findIndex((r) => r.arrival >= at);
      if (hit === 0) return before;
      if (hit > 0) return chunk[hit - 1]!.sequenceNumber;
      if (chunk.length < SEEK_CHUNK) return chunk.length > 0 ? chunk[chunk.length - 1]!.sequenceNumber : before;
      before = chunk[chunk.length - 1]!.sequenceNumber;
    }
  }

  private async deliver(cur: ShardCursor, records: KinesisRecord[], last: string): Promise<void> {
    const c = this.config;
    const filters = parseFilters(c.FilterCriteria?.Filters);
    // Records that match no filter are passed over (AWS drops them).
    const batch = filters.length > 0 ? records.filter((r) => filters.some((p) => matchesPattern(p, filterView(r)))) : records;
    const now = this.rt.env.clock.now();
    const ageLimit = c.MaximumRecordAgeInSeconds !== undefined && c.MaximumRecordAgeInSeconds >= 0 ? c.MaximumRecordAgeInSeconds * 1000 : undefined;
    const fresh = ageLimit === undefined ? batch : batch.filter((r) => now - r.arrival <= ageLimit);
    if (fresh.length < batch.length) await this.onFailure(cur, batch.filter((r) => !fresh.includes(r)), "RecordAgeExceeded", undefined);
    if (fresh.length === 0) return this.advance(cur, last);
    const failedFrom = await this.invoke(cur, fresh);
    if (failedFrom === undefined) return this.advance(cur, last);
    const failed = fresh.slice(failedFrom);
    cur.attempts++;
    const maxRetries = c.MaximumRetryAttempts ?? -1;
    const tooOld = ageLimit !== undefined && now - failed[0]!.arrival > ageLimit;
    if ((maxRetries >= 0 && cur.attempts > maxRetries) || tooOld) {
      await this.onFailure(cur, failed, tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted", cur.attempts);
      return this.advance(cur, last);
    }
    // Retry from the first failed record: what came before it in the shard is done.
    const index = records.indexOf(failed[0]!);
    if (index > 0) this.setPosition(cur.key, records[index - 1]!.sequenceNumber);
    if (c.BisectBatchOnFunctionError && failed.length > 1) cur.limit = Math.ceil(failed.length / 2);
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(cur.attempts - 1, 10));
    cur.retryTimer = this.rt.env.clock.setTimer(this.rt.env.clock.now() + delay, async () => {
      cur.retryTimer = undefined;
      const reader = await this.reader();
      if (reader) await this.pokeShard(reader, cur, false);
    });
  }

  private openWindow(cur: ShardCursor, w: WindowInfo): void {
    const t = cur.tumbling!;
    if (t.current?.start === w.start) return;
    t.current = w;
    cur.windowEndTimer?.cancel();
    // When the window's time is over, its final invocation goes out even if no record follows.
    cur.windowEndTimer = this.rt.env.clock.setTimer(Math.max(w.end, this.rt.env.clock.now()), async () => {
      cur.windowEndTimer = undefined;
      if (cur.busy || t.current?.start !== w.start || this.cursors.get(cur.key) !== cur) return;
      cur.busy = true;
      try {
        await this.finishWindow(cur);
      } finally {
        cur.busy = false;
      }
      const reader = await this.reader();
      if (reader) await this.pokeShard(reader, cur, false);
    });
  }

  /** The final invocation of the cursor's window (no records, the aggregated state); true if it went out. */
  private async finishWindow(cur: ShardCursor): Promise<boolean> {
    const t = cur.tumbling!;
    const c = this.config;
    const arn = parseArn(c.FunctionArn);
    try {
      const f = this.rt.resolve({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, c.FunctionArn);
      const result = await this.rt.invoke(f, JSON.stringify(t.event([], t.current!, true, kinesisStreamArnOf(c.EventSourceArn), cur.shardId)), { invocationType: "RequestResponse" });
      if (result.functionError) return false;
    } catch (err) {
      this.rt.env.log.debug({ err, uuid: c.UUID }, "final tumbling-window invocation not processed");
      return false;
    }
    cur.windowEndTimer?.cancel();
    cur.windowEndTimer = undefined;
    t.close();
    return true;
  }

  private advance(cur: ShardCursor, after: string): void {
    cur.attempts = 0;
    cur.limit = undefined;
    this.setPosition(cur.key, after);
  }

  /** Invokes with the batch; undefined on success, else the index of the first failed record. */
  private async invoke(cur: ShardCursor, records: KinesisRecord[]): Promise<number | undefined> {
    const c = this.config;
    const arn = parseArn(c.FunctionArn);
    try {
      const f = this.rt.resolve({ accountId: arn?.accountId ?? "", region: arn?.region ?? "" }, c.FunctionArn);
      const role = (f.config as { Role?: string }).Role ?? "";
      const Records = records.map((r) => kinesisEventRecord(r, cur.shardId, kinesisStreamArnOf(c.EventSourceArn), role));
      const t = cur.tumbling;
      const payload = t?.current ? t.event(Records, t.current, false, kinesisStreamArnOf(c.EventSourceArn), cur.shardId) : { Records };
      const result = await this.rt.invoke(f, JSON.stringify(payload), { invocationType: "RequestResponse" });
      cur.lastResponse = { functionError: result.functionError, executedVersion: result.executedVersion };
      if (result.functionError) return 0;
      if (t) t.remember(result.text);
      if (!c.FunctionResponseTypes?.includes("ReportBatchItemFailures")) return undefined;
      return firstReportedFailure(result.text, records, (r) => r.sequenceNumber);
    } catch (err) {
      this.rt.env.log.debug({ err, uuid: c.UUID }, "kinesis batch not processed (throttled or function missing)");
      cur.lastResponse = { functionError: "Unhandled" };
      return 0;
    }
  }

  /** AWS's record pointer (KinesisBatchInfo) to the on-failure destination. */
  private async onFailure(cur: ShardCursor, records: KinesisRecord[], condition: string, invokeCount: number | undefined): Promise<void> {
    await sendDiscardedBatch(this.rt, this.config, { shardId: cur.shardId, records, condition, invokeCount, lastResponse: cur.lastResponse });
  }
}
