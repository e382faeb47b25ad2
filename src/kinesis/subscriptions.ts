/**
 * SubscribeToShard's subscriptions: an HTTP/2 response body that stays open for five minutes of the
 * clock, pushing a SubscribeToShardEvent as soon as records arrive in its shard (and an empty one
 * after five seconds without any, so ContinuationSequenceNumber keeps up), and ChildShards once a
 * closed shard is read to its end. In memory on purpose: a subscription dies with its connection.
 */
import { Readable } from "node:stream";
import type { TimerHandle } from "../core/clock.js";
import { AwsError } from "../core/errors.js";
import { toJsonWire } from "../core/protocols/aws-json.js";
import { eventMessage } from "./event-stream.js";
import type { ShardMeta } from "./model.js";
import { isOpen, type KinesisState } from "./state.js";

export const SUBSCRIPTION_MS = 5 * 60_000;
/** A second SubscribeToShard for the same consumer and shard within this time is refused. */
export const RESUBSCRIBE_MS = 5_000;
const HEARTBEAT_MS = 5_000;
const EVENT_RECORDS = 10_000;
const EVENT_BYTES = 1024 * 1024;

export class Subscription extends Readable {
  private over = false;
  private waiting = false;
  private started = false;
  private endTimer: TimerHandle | undefined;
  private heartbeat: TimerHandle | undefined;

  constructor(
    private readonly state: KinesisState,
    readonly consumerArn: string,
    readonly streamArn: string,
    readonly shardId: string,
    private after: string,
    private readonly onClose: (s: Subscription) => void,
  ) {
    super();
    const clock = state.env.clock;
    this.endTimer = clock.setTimer(clock.now() + SUBSCRIPTION_MS, () => this.finish());
    this.push(eventMessage("initial-response", "{}"));
    this.pump(true);
  }

  override _read(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.pump(false);
  }

  /** The response's reader went away (client closed the stream): nothing more to send. */
  override unpipe(dest?: NodeJS.WritableStream): this {
    super.unpipe(dest);
    if (this.started && this.listenerCount("data") === 0) this.destroy();
    return this;
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T {
    this.started = true;
    return super.pipe(dest, options);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.cleanup();
    callback(err);
  }

  /** Ends the subscription normally (its five minutes are over, or its consumer or stream went). */
  finish(): void {
    if (this.over) return;
    this.cleanup();
    this.push(null);
  }

  /** Sends what arrived in the shard since the last event; `force` sends an event even without records. */
  pump(force: boolean): void {
    if (this.over) return;
    const { sql, env } = this.state;
    const shardRow = sql.shards.all(this.streamArn).find((r) => r.shard_id === this.shardId);
    if (!shardRow) return this.finish();
    const shard = JSON.parse(shardRow.meta) as ShardMeta;
    const stream = sql.streamByArn.get(this.streamArn);
    if (!stream) return this.finish();
    const retentionHours = (JSON.parse(stream.meta) as { retentionHours: number }).retentionHours;
    for (let i = 0; i < 100; i++) {
      const now = env.clock.now();
      const rows = sql.recordsAfterSeq(this.streamArn, this.shardId, this.after, now - retentionHours * 3_600_000, EVENT_RECORDS);
      let bytes = 0;
      let n = 0;
      while (n < rows.length && (n === 0 || bytes + rows[n]!.data.length <= EVENT_BYTES)) bytes += rows[n++]!.data.length;
      const batch = rows.slice(0, n);
      if (batch.length === 0 && !force) return;
      force = false;
      if (batch.length > 0) this.after = batch[batch.length - 1]!.seq;
      const tip = sql.lastRecord.get(this.streamArn, this.shardId);
      const caughtUp = !tip || tip.seq <= this.after;
      const ended = !isOpen(shard) && caughtUp;
      const start = shard.SequenceNumberRange.StartingSequenceNumber;
      const event: Record<string, unknown> = {
        Records: batch.map((r) => ({ SequenceNumber: r.seq, ApproximateArrivalTimestamp: new Date(r.arrival), Data: r.data, PartitionKey: r.partition_key })),
        MillisBehindLatest: caughtUp ? 0 : Math.max(0, now - batch[batch.length - 1]!.arrival),
      };
      // At a closed shard's end AWS sends no continuation, only the children to read next.
      if (ended) event.ChildShards = childShards(sql.shards.all(this.streamArn).map((r) => JSON.parse(r.meta) as ShardMeta), shard.ShardId);
      else event.ContinuationSequenceNumber = this.after > start ? this.after : start;
      const more = this.push(eventMessage("SubscribeToShardEvent", toJsonWire(event)));
      this.armHeartbeat();
      if (ended) return this.finish();
      if (!more) {
        this.waiting = true;
        return;
      }
      if (caughtUp) return;
    }
  }

  private armHeartbeat(): void {
    const clock = this.state.env.clock;
    this.heartbeat?.cancel();
    this.heartbeat = clock.setTimer(clock.now() + HEARTBEAT_MS, () => this.pump(true));
  }

  private cleanup(): void {
    if (this.over) return;
    this.over = true;
    this.endTimer?.cancel();
    this.heartbeat?.cancel();
    this.onClose(this);
  }
}

function childShards(shards: ShardMeta[], parent: string): Record<string, unknown>[] {
  return shards
    .filter((s) => s.ParentShardId === parent || s.AdjacentParentShardId === parent)
    .map((c) => ({ ShardId: c.ShardId, ParentShards: [c.ParentShardId, c.AdjacentParentShardId].filter(Boolean), HashKeyRange: c.HashKeyRange }));
}

/** The open subscriptions of a server, by stream, and when each consumer last subscribed to each shard. */
export class Subscriptions {
  private readonly byStream = new Map<string, Set<Subscription>>();
  private readonly last = new Map<string, { at: number; sub: Subscription }>();

  constructor(private readonly state: KinesisState) {}

  open(consumerArn: string, streamArn: string, shardId: string, after: string): Subscription {
    const now = this.state.env.clock.now();
    const key = `${consumerArn}\n${shardId}`;
    const previous = this.last.get(key);
    if (previous && now - previous.at < RESUBSCRIBE_MS) throw new AwsError("ResourceInUseException", `Another active subscription exists for this consumer: ${consumerArn}`);
    // A new subscription replaces the consumer's older one to the same shard.
    previous?.sub.finish();
    const sub = new Subscription(this.state, consumerArn, streamArn, shardId, after, (s) => this.byStream.get(s.streamArn)?.delete(s));
    this.last.set(key, { at: now, sub });
    let set = this.byStream.get(streamArn);
    if (!set) this.byStream.set(streamArn, (set = new Set()));
    set.add(sub);
    return sub;
  }

  /** Records arrived in the stream: each subscription sends what is new in its shard. */
  recordsPut(streamArn: string): void {
    for (const sub of [...(this.byStream.get(streamArn) ?? [])]) sub.pump(false);
  }

  endConsumer(consumerArn: string): void {
    for (const set of this.byStream.values()) for (const sub of [...set]) if (sub.consumerArn === consumerArn) sub.finish();
  }

  endStream(streamArn: string): void {
    for (const sub of [...(this.byStream.get(streamArn) ?? [])]) sub.finish();
  }

  endAll(): void {
    for (const set of this.byStream.values()) for (const sub of [...set]) sub.finish();
    this.last.clear();
  }
}
