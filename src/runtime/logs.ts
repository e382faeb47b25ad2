/**
 * An invocation's log, as Lambda writes it: START, the function's lines, END and REPORT (with
 * AWS's formats), sent to CloudWatch Logs through the LogSink port (when a logs service is
 * present), echoed on the emulator's logger with the function's name, and its last 4 KB kept for
 * `LogType: Tail`.
 */
import { realTime, type Clock } from "../core/clock.js";
import type { Scope } from "../core/events.js";
import type { Logger } from "../core/logger.js";
import type { LogBatch, LogEventInput, LogSink } from "../core/ports.js";
import { hexId } from "../core/ids.js";

export const TAIL_BYTES = 4096;

export function logStreamName(clock: Clock, version: string): string {
  const d = new Date(clock.now());
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
  return `${day}/[${version}]${hexId(16)}`;
}

export class InvocationLog {
  readonly events: LogEventInput[] = [];

  constructor(private readonly clock: Clock) {}

  add(text: string | undefined): void {
    if (!text) return;
    this.events.push({ timestamp: this.clock.now(), message: text.endsWith("\n") ? text : `${text}\n` });
  }

  /** The last 4 KB, base64 (X-Amz-Log-Result): built from the lines only when a caller asks for it. */
  tail(): string {
    const parts: string[] = [];
    let bytes = 0;
    for (let i = this.events.length - 1; i >= 0 && bytes < TAIL_BYTES; i--) {
      const message = this.events[i]!.message;
      parts.push(message);
      bytes += Buffer.byteLength(message);
    }
    const all = Buffer.from(parts.reverse().join(""), "utf8");
    return all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString("base64");
  }
}

/** How long a finished invocation's log lines wait for those of the invocations that follow. */
export const MAX_LOG_DEFER_MS = 4;

/**
 * Ships invocation logs to the LogSink in batches: the lines of the invocations that finish within
 * MAX_LOG_DEFER_MS of the first waiting one are written in one transaction — concurrent ones (a
 * busy API, a burst) and back-to-back sequential ones alike. The write is tracked, so `settle()`
 * waits for it. (One SQLite transaction per invocation was ~8% of the emulator's CPU per warm
 * invoke at 32 in flight; writing as soon as no invocation ran, each of a sequential caller's
 * invocations still cost one: 0.78x server CPU per sequential warm invoke without.)
 */
export class LogShipper {
  private sink: LogSink | null | undefined;
  private lookup?: Promise<void>;
  private pending = new Map<string, LogBatch>();
  private scheduled = false;
  private immediate = false;
  private deferred?: { cancel(): void };
  private written?: () => void;

  constructor(
    private readonly getSink: () => Promise<LogSink>,
    private readonly log: Logger,
    private readonly track: (p: Promise<void>) => void,
  ) {}

  ship(scope: Scope, functionName: string, group: string, stream: string, events: LogEventInput[]): void {
    if (events.length === 0) return;
    if (this.log.isLevelEnabled("info")) {
      for (const e of events) this.log.info({ fn: functionName }, e.message.trimEnd());
    }
    if (this.sink === null) return;
    const key = `${scope.accountId}\0${scope.region}\0${group}\0${stream}`;
    const same = this.pending.get(key);
    if (same) same.events.push(...events);
    else this.pending.set(key, { scope, logGroupName: group, logStreamName: stream, events: [...events] });
    if (this.scheduled) return;
    this.scheduled = true;
    this.lookup ??= this.getSink().then(
      (sink) => {
        this.sink = sink;
      },
      () => {
        this.sink = null;
      },
    );
    if (!this.sink) {
      this.track(this.lookup.then(() => this.flush()));
      return;
    }
    this.track(new Promise<void>((resolve) => (this.written = resolve)));
    this.deferred = realTime.after(MAX_LOG_DEFER_MS, this.soon);
  }

  private readonly soon = (): void => {
    this.deferred?.cancel();
    this.deferred = undefined;
    if (this.immediate) return;
    this.immediate = true;
    setImmediate(() => {
      this.immediate = false;
      this.flush();
    });
  };

  /** Forgets what is pending (state was restored or reset). */
  drop(): void {
    this.pending.clear();
    this.flush();
  }

  /** Writes what is pending now (also called when the runtime stops). */
  flush(): void {
    this.scheduled = false;
    this.deferred?.cancel();
    this.deferred = undefined;
    const written = this.written;
    this.written = undefined;
    try {
      this.write();
    } finally {
      written?.();
    }
  }

  private write(): void {
    if (this.pending.size === 0) return;
    const batches = [...this.pending.values()];
    this.pending.clear();
    const sink = this.sink;
    if (!sink) return;
    try {
      if (sink.putBatch) sink.putBatch(batches);
      else {
        for (const b of batches) {
          sink.ensureGroup(b.scope, b.logGroupName);
          sink.put(b.scope, b.logGroupName, b.logStreamName, b.events);
        }
      }
    } catch (err) {
      this.log.warn({ err }, "could not write function logs");
    }
  }
}
