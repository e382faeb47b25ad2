/**
 * One execution environment: a worker thread that ran the handler's init phase and serves one
 * invocation at a time. A timeout, an out-of-memory or a `process.exit()` ends the worker; the
 * pool then starts a fresh one for the next invocation (AWS discards such environments too).
 */
import { rm } from "node:fs/promises";
import type { Worker } from "node:worker_threads";
import { realTime } from "../core/clock.js";

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface EnvironmentSpec {
  taskRoot: string;
  handler: string;
  memoryMb: number;
  env: Record<string, string>;
  /** The emulator's node_modules directory (AWS SDK fallback). */
  sdkModules?: string;
  /** The environment's own temporary directory (TMPDIR), removed when the environment ends. */
  tmpDir?: string;
}

export interface InvokeRequest {
  requestId: string;
  event: string;
  timeoutMs: number;
  context: Record<string, unknown>;
  onLog(text: string): void;
}

export type InvokeOutcome =
  | { kind: "success"; payload: string; durationMs: number; memMb: number }
  | { kind: "error"; error: FunctionError; durationMs: number; memMb: number; fatal: boolean; timedOut?: boolean };

export type InitOutcome = { ok: true; initMs: number } | { ok: false; error: FunctionError; initMs: number };

type WorkerMessage =
  | { t: "ready"; initMs: number }
  | { t: "initError"; error: FunctionError }
  | { t: "log"; text: string }
  | { t: "result"; id: number; payload: string; memMb: number }
  | { t: "error"; id: number; error: FunctionError; memMb?: number; fatal?: boolean };

let nextInvocationId = 1;

export class Environment {
  private worker: Worker;
  private dead = false;
  private exitCode: number | undefined;
  private onLog: (text: string) => void;
  private pending?: { id: number; resolve(o: InvokeOutcome): void; started: number; requestId: string; timeoutMs: number };
  private initWaiter?: (o: InitOutcome) => void;
  private initStarted = realTime.monotonicMs();
  readonly init: Promise<InitOutcome>;
  /** Largest "Max Memory Used" seen (MB). */
  maxMemMb = 0;

  constructor(
    readonly spec: EnvironmentSpec,
    initLog: (text: string) => void,
    worker: Worker,
  ) {
    this.onLog = initLog;
    this.init = new Promise((resolve) => (this.initWaiter = resolve));
    this.worker = worker;
    this.worker.ref();
    this.worker.on("message", (m: WorkerMessage) => this.onMessage(m));
    this.worker.on("error", (err: Error & { code?: string }) => {
      const oom = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.failPending(oom ? "Runtime.OutOfMemory" : err.name || "Error", oom ? "Runtime exited with error: signal: killed" : err.message, true);
    });
    this.worker.on("exit", (code) => {
      this.dead = true;
      if (spec.tmpDir) void rm(spec.tmpDir, { recursive: true, force: true }).catch(() => undefined);
      this.exitCode = code;
      this.failPending("Runtime.ExitError", code === 0 ? "Runtime exited without providing a reason" : `Runtime exited with error: exit status ${code}`, true);
    });
    this.worker.postMessage({ t: "init", taskRoot: spec.taskRoot, handler: spec.handler, sdkModules: spec.sdkModules, env: spec.env });
  }

  get alive(): boolean {
    return !this.dead;
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.t) {
      case "log":
        this.onLog(m.text);
        return;
      case "ready":
        this.initWaiter?.({ ok: true, initMs: m.initMs });
        this.initWaiter = undefined;
        return;
      case "initError":
        this.initWaiter?.({ ok: false, error: m.error, initMs: realTime.monotonicMs() - this.initStarted });
        this.initWaiter = undefined;
        this.kill();
        return;
      case "result":
      case "error": {
        const p = this.pending;
        if (!p || p.id !== m.id) return;
        this.pending = undefined;
        const durationMs = realTime.monotonicMs() - p.started;
        const memMb = m.memMb ?? this.maxMemMb;
        this.maxMemMb = Math.max(this.maxMemMb, memMb);
        if (m.t === "result") p.resolve({ kind: "success", payload: m.payload, durationMs, memMb });
        else p.resolve({ kind: "error", error: m.error, durationMs, memMb, fatal: m.fatal === true });
      }
    }
  }

  private failPending(errorType: string, detail: string, fatal: boolean): void {
    if (this.initWaiter) {
      this.initWaiter({ ok: false, error: { errorType, errorMessage: detail }, initMs: realTime.monotonicMs() - this.initStarted });
      this.initWaiter = undefined;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    p.resolve({
      kind: "error",
      error: { errorType, errorMessage: `RequestId: ${p.requestId} Error: ${detail}` },
      durationMs: realTime.monotonicMs() - p.started,
      memMb: this.maxMemMb,
      fatal,
    });
  }

  invoke(req: InvokeRequest): Promise<InvokeOutcome> {
    if (this.dead) {
      return Promise.resolve({ kind: "error", error: { errorType: "Runtime.ExitError", errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status ${this.exitCode ?? 1}` }, durationMs: 0, memMb: 0, fatal: true });
    }
    this.onLog = req.onLog;
    const id = nextInvocationId++;
    const started = realTime.monotonicMs();
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = realTime.after(req.timeoutMs, () => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        const seconds = (req.timeoutMs / 1000).toFixed(2);
        resolve({
          kind: "error",
          error: { errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${req.requestId} Error: Task timed out after ${seconds} seconds` },
          durationMs: realTime.monotonicMs() - started,
          memMb: this.maxMemMb,
          fatal: true,
          timedOut: true,
        });
        this.kill();
      });
      this.pending = {
        id,
        started,
        requestId: req.requestId,
        timeoutMs: req.timeoutMs,
        resolve: (o) => {
          timer.cancel();
          resolve(o);
        },
      };
      this.worker.postMessage({ t: "invoke", id, event: req.event, context: req.context, deadline: realTime.now() + req.timeoutMs });
    });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    void this.worker.terminate();
  }
}
