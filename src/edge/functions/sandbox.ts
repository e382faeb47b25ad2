/**
 * CloudFront Functions run in a worker thread (its own V8 isolate and heap, capped), each run in
 * a `vm` context there (see worker-source.ts): code that escapes its context reaches the
 * worker's hardened realm, never this process's globals. A run past the time limit, a crashed
 * or out-of-memory worker (it is replaced) → that run fails (503 at the edge).
 */
import { Worker } from "node:worker_threads";
import { realTime } from "../../core/clock.js";
import { workerSource } from "./worker-source.js";

export interface FunctionRunResult {
  ok: boolean;
  /** The handler's return value, as JSON (copied out of the sandbox). */
  value?: unknown;
  error?: string;
  /** What the code wrote with console.log (at most 10 KB, as CloudFront keeps). */
  logs: string[];
  /** Time the run took in the worker (an estimate of compute). */
  micros: number;
  /** `cf.updateRequestOrigin` / `cf.selectRequestOriginById` calls (2.0). */
  origin?: unknown;
  originId?: string;
}

export type FunctionRuntime = "1.0" | "2.0";

export function runtimeOf(config: { Runtime?: unknown } | undefined): FunctionRuntime {
  return config?.Runtime === "cloudfront-js-1.0" ? "1.0" : "2.0";
}

interface WorkerAnswer {
  id: number;
  ok: boolean;
  json?: string;
  error?: string;
  logs?: string[];
  micros?: number;
  origin?: string;
  originId?: string;
}

interface Pending {
  message: Record<string, unknown>;
  resolve(a: WorkerAnswer): void;
  /** Posted to the current worker (else still in the outbox). */
  sent: boolean;
}

/**
 * Wall time a run may take (AWS stops runaways by compute utilization). Kept well above a busy
 * machine's scheduling delays. The limit is kept from here, not by `vm`'s `timeout` option: that
 * starts a watchdog thread per run (measured ~90 µs of CPU a run); a worker past its time is
 * terminated instead, and the runs queued behind it go to its replacement.
 */
const TIME_LIMIT_MS = 250;
const WATCH_EVERY_MS = 25;

/** Shared with the worker: which run it is in (the watchdog's view, read without a message). */
const RUNS = 0;
const BUSY = 1;
const CURRENT = 2;

/**
 * One worker per server (in the service's state), started on first use. Runs asked for in one
 * turn of the event loop go over in one message and come back in one (a message each way per
 * run cost more than the run).
 */
export class FunctionSandbox {
  private worker: Worker | undefined;
  private runState = new Int32Array(new SharedArrayBuffer(12));
  private pending = new Map<number, Pending>();
  private outbox: number[] = [];
  private flushing = false;
  /** The watchdog's last reading of the worker's run counter, and when it changed. */
  private seenRuns = -1;
  private seenAt = 0;
  private watchdog: { cancel(): void } | undefined;
  private nextId = 1;
  private kvsData = new Map<string, [string, string][]>();
  private closed = false;

  private start(): Worker {
    this.runState = new Int32Array(new SharedArrayBuffer(12));
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { runState: this.runState },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 2 },
      env: {},
      stdout: true,
      stderr: true,
    });
    worker.unref();
    worker.on("message", (answers: WorkerAnswer[]) => {
      if (this.worker !== worker || !Array.isArray(answers)) return;
      for (const a of answers) {
        const p = this.pending.get(a.id);
        if (!p) continue;
        this.pending.delete(a.id);
        p.resolve(a);
      }
    });
    const lost = (): void => {
      if (this.worker !== worker) return;
      this.replaceWorker("The function exceeded its memory or crashed its sandbox.");
    };
    worker.on("error", lost);
    worker.on("exit", lost);
    for (const [store, entries] of this.kvsData) worker.postMessage({ kind: "kvs", store, entries });
    this.worker = worker;
    this.seenRuns = -1;
    this.watchdog ??= realTime.every(WATCH_EVERY_MS, () => this.watch());
    return worker;
  }

  /**
   * The worker ran past its time, ran out of memory or crashed: the run it was in fails alone, the
   * others go to a new worker. A worker lost outside any run fails everything it had (no loop of
   * replacements for a worker that cannot start).
   */
  private replaceWorker(error: string): void {
    const old = this.worker;
    const state = this.runState;
    const culprit = Atomics.load(state, BUSY) === 1 ? Atomics.load(state, CURRENT) : undefined;
    this.worker = undefined;
    if (old) void old.terminate();
    const all = [...this.pending.entries()];
    if (culprit === undefined || this.closed) {
      this.pending.clear();
      this.outbox = [];
      for (const [id, p] of all) p.resolve({ id, ok: false, error: this.closed ? "The sandbox is closed." : error });
      return;
    }
    const failed = this.pending.get(culprit);
    this.pending.delete(culprit);
    failed?.resolve({ id: culprit, ok: false, error });
    // Everything else is sent again, in order, to the replacement.
    this.outbox = [...this.pending.keys()];
    for (const p of this.pending.values()) p.sent = false;
    if (this.outbox.length > 0) this.flush();
  }

  private watch(): void {
    if (!this.worker) return;
    const state = this.runState;
    const runs = Atomics.load(state, RUNS);
    const now = realTime.monotonicMs();
    if (Atomics.load(state, BUSY) !== 1 || runs !== this.seenRuns) {
      this.seenRuns = runs;
      this.seenAt = now;
      return;
    }
    if (now - this.seenAt >= TIME_LIMIT_MS) this.replaceWorker(`Script execution timed out after ${TIME_LIMIT_MS}ms`);
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      if (this.outbox.length === 0 || this.closed) return;
      const worker = this.worker ?? this.start();
      const batch: Record<string, unknown>[] = [];
      for (const id of this.outbox) {
        const p = this.pending.get(id);
        if (!p || p.sent) continue;
        p.sent = true;
        batch.push({ ...p.message, id });
      }
      this.outbox = [];
      if (batch.length > 0) worker.postMessage(batch);
    });
  }

  private ask(message: Record<string, unknown>): Promise<WorkerAnswer> {
    if (this.closed) return Promise.resolve({ id: 0, ok: false, error: "The sandbox is closed." });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { message, resolve, sent: false });
      this.outbox.push(id);
      this.flush();
    });
  }

  async run(code: string, event: unknown, now: number, runtime: FunctionRuntime = "2.0", kvsIds: string[] = []): Promise<FunctionRunResult> {
    const a = await this.ask({ kind: "run", code, eventJson: JSON.stringify(event), now, runtime, kvsIds });
    const logs = Array.isArray(a.logs) ? a.logs.filter((l): l is string => typeof l === "string") : [];
    const micros = typeof a.micros === "number" ? a.micros : 0;
    if (!a.ok || typeof a.json !== "string") return { ok: false, error: a.error ?? "The function failed.", logs, micros };
    let origin: unknown;
    try {
      origin = a.origin === undefined ? undefined : JSON.parse(a.origin);
    } catch {
      origin = undefined;
    }
    return { ok: true, value: JSON.parse(a.json) as unknown, logs, micros, origin, originId: a.originId };
  }

  /** Whether the code compiles for its runtime (1.0: ECMAScript 5.1); the error text when not. */
  async compileError(code: string, runtime: FunctionRuntime): Promise<string | undefined> {
    const a = await this.ask({ kind: "compile", code, runtime });
    return a.ok ? undefined : (a.error ?? "The function code is not valid.");
  }

  /** A KeyValueStore's keys as functions read them (kept in the worker, replaced whole). */
  setKeyValueStore(store: string, entries: [string, string][] | undefined): void {
    if (entries === undefined) this.kvsData.delete(store);
    else this.kvsData.set(store, entries);
    this.worker?.postMessage(entries === undefined ? { kind: "kvs-drop", store } : { kind: "kvs", store, entries });
  }

  clearKeyValueStores(): void {
    for (const store of [...this.kvsData.keys()]) this.setKeyValueStore(store, undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watchdog?.cancel();
    const w = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) p.resolve({ id, ok: false, error: "The sandbox is closed." });
    this.pending.clear();
    this.outbox = [];
    if (w) await w.terminate();
  }
}
