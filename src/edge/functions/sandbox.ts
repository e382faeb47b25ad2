/**
 * CloudFront Functions run in a worker thread (its own V8 isolate and heap, capped), each run in
 * a fresh `vm` context there (see worker-source.ts): code that escapes its context reaches the
 * worker's hardened realm, never this process's globals. A run stopped by the time limit, a
 * crashed or out-of-memory worker (it is replaced) → the run fails (503 at the edge).
 */
import { Worker } from "node:worker_threads";
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

type Pending = (a: WorkerAnswer) => void;

/** One worker per server (in the service's state), started on first use. */
export class FunctionSandbox {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private kvsData = new Map<string, [string, string][]>();
  private closed = false;

  private start(): Worker {
    const worker = new Worker(workerSource, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 2 }, env: {}, stdout: true, stderr: true });
    worker.unref();
    worker.on("message", (a: WorkerAnswer) => {
      const p = this.pending.get(a.id);
      if (!p) return;
      this.pending.delete(a.id);
      p(a);
    });
    const lost = (): void => {
      if (this.worker === worker) this.worker = undefined;
      const failed = [...this.pending.values()];
      this.pending.clear();
      for (const p of failed) p({ id: 0, ok: false, error: "The function exceeded its memory or crashed its sandbox." });
    };
    worker.on("error", lost);
    worker.on("exit", lost);
    for (const [store, entries] of this.kvsData) worker.postMessage({ kind: "kvs", store, entries });
    this.worker = worker;
    return worker;
  }

  private ask(message: Record<string, unknown>): Promise<WorkerAnswer> {
    if (this.closed) return Promise.resolve({ id: 0, ok: false, error: "The sandbox is closed." });
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
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
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
