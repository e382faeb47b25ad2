/**
 * Tumbling windows of a stream event source mapping (TumblingWindowInSeconds): records are grouped
 * into fixed windows by their creation time (aligned to multiples of the window on the epoch);
 * each invocation of a window carries `window`, the `state` the previous one returned, `shardId`,
 * `eventSourceARN` and `isFinalInvokeForWindow`; when a window ends (its time is over, or a record
 * of a later window arrives) one last invocation with no records and `isFinalInvokeForWindow: true`
 * hands the aggregated state to the function. The state lives in memory.
 */
import type { StreamEventRecord } from "../../core/ports.js";

export interface WindowInfo {
  start: number;
  end: number;
}

export class TumblingWindow {
  current?: WindowInfo;
  state: unknown = {};

  constructor(readonly seconds: number) {}

  windowOf(r: StreamEventRecord): WindowInfo {
    return this.windowAt(((r.dynamodb as { ApproximateCreationDateTime?: number }).ApproximateCreationDateTime ?? 0) * 1000);
  }

  /** The window of a record that arrived at `at` (epoch ms): Kinesis records. */
  windowAt(at: number): WindowInfo {
    const ms = this.seconds * 1000;
    const start = Math.floor(at / ms) * ms;
    return { start, end: start + ms };
  }

  /** How many of `records` (from the first) fall in the first one's window. */
  sameWindow(records: StreamEventRecord[]): number {
    const first = this.windowOf(records[0]!).start;
    const n = records.findIndex((r) => this.windowOf(r).start !== first);
    return n < 0 ? records.length : n;
  }

  /** The event for records of `window` (or the final call with none). */
  event(records: unknown[], window: WindowInfo, final: boolean, streamArn: string, shardId: string): Record<string, unknown> {
    return {
      Records: records,
      window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
      state: this.state ?? {},
      shardId,
      eventSourceARN: streamArn,
      isFinalInvokeForWindow: final,
      isWindowTerminatedEarly: false,
    };
  }

  /** Keeps the `state` a successful invocation returned. */
  remember(payload: string): void {
    try {
      const parsed = JSON.parse(payload) as { state?: unknown } | null;
      if (parsed && typeof parsed === "object" && parsed.state !== undefined) this.state = parsed.state;
    } catch {
      // A response that is not JSON keeps the state as it was.
    }
  }

  close(): void {
    this.current = undefined;
    this.state = {};
  }
}
