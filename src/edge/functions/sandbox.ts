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
}

/**
 * Wall time a run may take (AWS stops runaways by compute utilization). Kept well above a busy
 * machine's scheduling delays. The limit is kept from here, not by `vm`'s `timeout` option: that
 * starts a watchdog thread per run (measured ~90 µs of CPU a run); a worker past its time is
 * terminated instead, and the runs queued behind it go to its replacement.
 */
const TIME_LIMIT_MS = 250;
const WATCH_EVERY_MS = 25;

/** One worker per server (in the service's state), started on first use. */
export class FunctionSandbox {
  private worker: Worker | undefined;
  /** In the order they were sent: the worker answers one message at a time, so the first is the one running. */
  private pending = new Map<number, Pending>();
  /** When the first pending message started running (it was sent, or the one before it answered). */
  private headSince = 0;
  /** A new worker's start-up does not count against the first run's time. */
  private ready = false;
  private watchdog: { cancel(): void } | undefined;
  private nextId = 1;
  private kvsData = new Map<string, [string, string][]>();
  private closed = false;

  private start(): Worker {
    const worker = new Worker(workerSource, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 2 }, env: {}, stdout: true, stderr: true });
    worker.unref();
    this.ready = false;
    worker.on("message", (a: WorkerAnswer | { kind: "ready" }) => {
      if ("kind" in a) {
        if (this.worker === worker) {
          this.ready = true;
          this.headSince = realTime.monotonicMs();
        }
        return;
      }
      const p = this.pending.get(a.id);
      if (!p) return;
      this.pending.delete(a.id);
      this.headSince = realTime.monotonicMs();
      p.resolve(a);
    });
    const lost = (): void => {
      if (this.worker !== worker) return;
      this.replaceWorker("The function exceeded its memory or crashed its sandbox.");
    };
    worker.on("error", lost);
    worker.on("exit", lost);
    for (const [store, entries] of this.kvsData) worker.postMessage({ kind: "kvs", store, entries });
    this.worker = worker;
    this.watchdog ??= realTime.every(WATCH_EVERY_MS, () => this.watch());
    return worker;
  }

  /** The running message failed (time, memory or a crash): it alone fails; the others go to a new worker. */
  private replaceWorker(error: string): void {
    const old = this.worker;
    this.worker = undefined;
    if (old) void old.terminate();
    const [head, ...rest] = [...this.pending.entries()];
    this.pending.clear();
    if (head) head[1].resolve({ id: head[0], ok: false, error });
    if (this.closed) {
      for (const [id, p] of rest) p.resolve({ id, ok: false, error: "The sandbox is closed." });
      return;
    }
    if (rest.length === 0) return;
    const worker = this.start();
    this.headSince = realTime.monotonicMs();
    for (const [id, p] of rest) {
      this.pending.set(id, p);
      worker.postMessage({ ...p.message, id });
    }
  }

  private watch(): void {
    if (!this.ready || this.pending.size === 0 || realTime.monotonicMs() - this.headSince < TIME_LIMIT_MS) return;
    this.replaceWorker(`Script execution timed out after ${TIME_LIMIT_MS}ms`);
  }

  private ask(message: Record<string, unknown>): Promise<WorkerAnswer> {
    if (this.closed) return Promise.resolve({ id: 0, ok: false, error: "The sandbox is closed." });
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    if (this.pending.size === 0) this.headSince = realTime.monotonicMs();
    return new Promise((resolve) => {
      this.pending.set(id, { message, resolve });
      worker.postMessage({ ...message, id });
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
    if (w) await w.terminate();
  }
}
