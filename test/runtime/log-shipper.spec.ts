import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import type { LogBatch, LogSink } from "../../src/core/ports.js";
import { LogShipper, MAX_LOG_DEFER_MS } from "../../src/runtime/logs.js";

const scope = { accountId: "000000000000", region: "us-east-1" };

/** A LogShipper over a sink that records each transaction (putBatch call). */
function shipper(): { shipper: LogShipper; writes: LogBatch[][]; tracked: Promise<void>[] } {
  const writes: LogBatch[][] = [];
  const tracked: Promise<void>[] = [];
  const sink: LogSink = { ensureGroup: () => {}, put: () => {}, putBatch: (b) => void writes.push(b) };
  const s = new LogShipper(() => Promise.resolve(sink), createLogger("warn"), (p) => void tracked.push(p));
  return { shipper: s, writes, tracked };
}

const events = (text: string): { timestamp: number; message: string }[] => [{ timestamp: 1, message: `${text}\n` }];

describe("LogShipper", () => {
  it("writes the lines of invocations finishing in one turn in one transaction, and settle's tracked promise waits for it", async () => {
    const { shipper: s, writes, tracked } = shipper();
    s.ship(scope, "f", "/aws/lambda/f", "a", events("one"));
    await Promise.all(tracked.splice(0)); // the sink lookup
    s.ship(scope, "f", "/aws/lambda/f", "a", events("two"));
    s.ship(scope, "f", "/aws/lambda/f", "b", events("three"));
    expect(writes.length).toBe(1);
    await Promise.all(tracked);
    expect(writes.length).toBe(2);
    expect(writes[1]!.map((b) => [b.logStreamName, b.events.map((e) => e.message)])).toEqual([
      ["a", ["two\n"]],
      ["b", ["three\n"]],
    ]);
  });

  it("lines of invocations finishing one after another within MAX_LOG_DEFER_MS go in one transaction", async () => {
    const { shipper: s, writes, tracked } = shipper();
    s.ship(scope, "f", "/aws/lambda/f", "a", events("warm-up"));
    await Promise.all(tracked.splice(0));
    s.ship(scope, "f", "/aws/lambda/f", "a", events("first"));
    await new Promise((r) => setImmediate(r)); // a later turn: the next sequential invocation
    s.ship(scope, "f", "/aws/lambda/f", "a", events("second"));
    expect(writes.length).toBe(1);
    await Promise.all(tracked);
    expect(writes.length).toBe(2);
    expect(writes[1]![0]!.events.map((e) => e.message)).toEqual(["first\n", "second\n"]);
  });

  it("writes waiting lines after MAX_LOG_DEFER_MS", async () => {
    const { shipper: s, writes, tracked } = shipper();
    s.ship(scope, "f", "/aws/lambda/f", "a", events("warm-up"));
    await Promise.all(tracked.splice(0));
    const started = performance.now();
    s.ship(scope, "f", "/aws/lambda/f", "a", events("late"));
    await Promise.all(tracked);
    expect(writes.length).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(MAX_LOG_DEFER_MS - 1);
  });

  it("flush writes what waits at once (the runtime stopping) and resolves the tracked write", async () => {
    const { shipper: s, writes, tracked } = shipper();
    s.ship(scope, "f", "/aws/lambda/f", "a", events("warm-up"));
    await Promise.all(tracked.splice(0));
    s.ship(scope, "f", "/aws/lambda/f", "a", events("pending"));
    s.flush();
    expect(writes.length).toBe(2);
    await Promise.all(tracked);
  });
});
