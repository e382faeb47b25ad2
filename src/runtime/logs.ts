/**
 * An invocation's log, as Lambda writes it: START, the function's lines, END and REPORT (with
 * AWS's formats), sent to CloudWatch Logs through the LogSink port (when a logs service is
 * present), echoed on the emulator's logger with the function's name, and its last 4 KB kept for
 * `LogType: Tail`.
 */
import type { Clock } from "../core/clock.js";
import type { Scope } from "../core/events.js";
import type { Logger } from "../core/logger.js";
import type { LogEventInput, LogSink } from "../core/ports.js";
import { hexId } from "../core/ids.js";

export const TAIL_BYTES = 4096;

export function logStreamName(clock: Clock, version: string): string {
  const d = new Date(clock.now());
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
  return `${day}/[${version}]${hexId(16)}`;
}

export class InvocationLog {
  readonly events: LogEventInput[] = [];
  private tailParts: string[] = [];
  private tailBytes = 0;

  constructor(private readonly clock: Clock) {}

  add(text: string): void {
    if (text.length === 0) return;
    this.events.push({ timestamp: this.clock.now(), message: text.endsWith("\n") ? text : `${text}\n` });
    this.tailParts.push(text.endsWith("\n") ? text : `${text}\n`);
    this.tailBytes += Buffer.byteLength(text);
    while (this.tailBytes > TAIL_BYTES * 2 && this.tailParts.length > 1) this.tailBytes -= Buffer.byteLength(this.tailParts.shift()!);
  }

  /** The last 4 KB, base64 (X-Amz-Log-Result). */
  tail(): string {
    const all = Buffer.from(this.tailParts.join(""), "utf8");
    return all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString("base64");
  }
}

export class LogShipper {
  private sink: LogSink | null | undefined;
  private lookup?: Promise<void>;

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
    if (this.sink) {
      this.put(this.sink, scope, group, stream, events);
      return;
    }
    this.lookup ??= this.getSink().then(
      (sink) => {
        this.sink = sink;
      },
      () => {
        this.sink = null;
      },
    );
    this.track(
      this.lookup.then(() => {
        if (this.sink) this.put(this.sink, scope, group, stream, events);
      }),
    );
  }

  private put(sink: LogSink, scope: Scope, group: string, stream: string, events: LogEventInput[]): void {
    try {
      sink.ensureGroup(scope, group);
      sink.put(scope, group, stream, events);
    } catch (err) {
      this.log.warn({ err, group }, "could not write function logs");
    }
  }
}
