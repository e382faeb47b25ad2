/**
 * One execution environment: it ran the handler's init phase in its host (a child process of its
 * function version, see host.ts) and serves one invocation at a time. A timeout, an out-of-memory
 * or a `process.exit()` ends its host; the pool then starts a fresh environment for the next
 * invocation (AWS discards such environments too).
 */
import { rm } from "node:fs/promises";
import { realTime } from "../core/clock.js";
import { forgetStorage, STORAGE_SAMPLE_MS, storageError, storageExceeded } from "./ephemeral-storage.js";
import type { EnvironmentHost, HostEnd, HostMessage } from "./host.js";

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  /** The error document a Runtime API process posted: the caller gets it as it is, as on AWS. */
  raw?: string;
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
  /** EphemeralStorage in bytes: the most the temporary directory may hold (ephemeral-storage.ts). */
  ephemeralBytes?: number;
  /** The context object's fields that are the same for every invocation of the environment. */
  context: { functionName: string; functionVersion: string; memoryLimitInMB: string; logGroupName: string; logStreamName: string };
}

export interface InvokeRequest {
  requestId: string;
  event: string;
  timeoutMs: number;
  /** What the caller named (varies with the qualifier it used). */
  invokedFunctionArn: string;
  clientContext?: unknown;
  onLog(text: string): void;
  /** A streamed response's bytes as the handler writes them (the first chunk names its content type). */
  onChunk?(chunk: Buffer, contentType?: string): void;
}

export type InvokeOutcome =
  | { kind: "success"; payload: string; durationMs: number; memMb: number }
  | { kind: "error"; error: FunctionError; durationMs: number; memMb: number; fatal: boolean; timedOut?: boolean };

/** `restore`: a SnapStart environment, restored from its version's snapshot (a Restore Duration). */
export type InitOutcome = { ok: true; initMs: number; restore?: boolean } | { ok: false; error: FunctionError; initMs: number };

/** The variables that differ between environments of one host. */
const PER_ENVIRONMENT = ["AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_INITIALIZATION_TYPE", "TMPDIR", "TMP", "TEMP"];

let nextInvocationId = 1;

/** As AWS words a runtime process's end (Go's names for signals). */
const SIGNAL_NAMES: Record<string, string> = {
  SIGKILL: "killed",
  SIGABRT: "aborted",
  SIGSEGV: "segmentation fault",
  SIGBUS: "bus error",
  SIGILL: "illegal instruction",
  SIGFPE: "floating point exception",
  SIGTERM: "terminated",
  SIGINT: "interrupt",
  SIGHUP: "hangup",
  SIGTRAP: "trace/breakpoint trap",
};

export function exitMessage(code: number | null, signal?: string | null): string {
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_NAMES[signal] ?? signal.toLowerCase()}`;
  return code === 0 ? "Runtime exited without providing a reason" : `Runtime exited with error: exit status ${code}`;
}

export class Environment {
  private readonly id: number;
  private dead = false;
  private onLog: (text: string) => void;
  private pending?: { id: number; resolve(o: InvokeOutcome): void; started: number; requestId: string; onChunk?: InvokeRequest["onChunk"] };
  private initWaiter?: (o: InitOutcome) => void;
  private initStarted = realTime.monotonicMs();
  readonly init: Promise<InitOutcome>;
  /** Largest "Max Memory Used" seen (MB). */
  maxMemMb = 0;

  constructor(
    readonly spec: EnvironmentSpec,
    initLog: (text: string) => void,
    private readonly host: EnvironmentHost,
  ) {
    this.onLog = initLog;
    this.init = new Promise((resolve) => (this.initWaiter = resolve));
    const vars: Record<string, string> = {};
    for (const k of PER_ENVIRONMENT) if (spec.env[k] !== undefined) vars[k] = spec.env[k];
    this.id = host.attach(this, vars, spec.context);
  }

  get alive(): boolean {
    return !this.dead && this.host.alive;
  }

  /** Initializing or running an invocation. */
  get busy(): boolean {
    return !this.dead && (this.pending !== undefined || this.initWaiter !== undefined);
  }

  onMessage(m: HostMessage): void {
    switch (m.t) {
      case "log":
        this.onLog(m.text);
        return;
      case "chunk":
        if (this.pending?.id === m.id) this.pending.onChunk?.(Buffer.from(m.data, "base64"), m.ct);
        return;
      case "ready":
        this.initWaiter?.({ ok: true, initMs: m.initMs, ...(m.restore ? { restore: true } : {}) });
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
        // Past MemorySize when it answered (between two samples): out of memory, as AWS ends it.
        if (m.memMb !== undefined && this.host.overMemory?.(m.memMb)) return;
        this.pending = undefined;
        const durationMs = realTime.monotonicMs() - p.started;
        const memMb = m.memMb ?? this.maxMemMb;
        this.maxMemMb = Math.max(this.maxMemMb, memMb);
        if (storageExceeded(this.spec.tmpDir, this.spec.ephemeralBytes)) {
          p.resolve({ kind: "error", error: storageError(p.requestId, this.spec.ephemeralBytes!), durationMs, memMb, fatal: true });
          return this.kill();
        }
        if (m.t === "result") p.resolve({ kind: "success", payload: m.payload, durationMs, memMb });
        else p.resolve({ kind: "error", error: m.error, durationMs, memMb, fatal: false });
      }
    }
  }

  /** The host ended: fail what is waiting on this environment with the cause, as it sees it. */
  hostEnded(cause: HostEnd): void {
    this.dead = true;
    this.removeTmp();
    const sibling = (what: string): FunctionError => ({ errorType: "Runtime.ExitError", errorMessage: `Runtime exited: another environment of this function in the same host process ${what}` });
    let error: FunctionError;
    let prefixed = true;
    switch (cause.kind) {
      case "oom":
        error = { errorType: "Runtime.OutOfMemory", errorMessage: "Runtime exited with error: signal: killed" };
        break;
      case "timeout":
        error = sibling("timed out");
        break;
      case "fatal":
        if (cause.env === this.id || cause.env === 0) {
          error = cause.error;
          prefixed = false;
        } else error = sibling(`failed (${cause.error.errorType})`);
        break;
      case "exit":
        if (cause.env === undefined || cause.env === this.id || cause.env === 0) {
          error = { errorType: "Runtime.ExitError", errorMessage: exitMessage(cause.code, cause.signal) };
        } else error = sibling("exited");
        break;
      case "discarded":
        error = { errorType: "Runtime.ExitError", errorMessage: "Runtime exited without providing a reason" };
    }
    if (this.initWaiter) {
      this.initWaiter({ ok: false, error, initMs: realTime.monotonicMs() - this.initStarted });
      this.initWaiter = undefined;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    p.resolve({
      kind: "error",
      error: prefixed ? { errorType: error.errorType, errorMessage: `RequestId: ${p.requestId} Error: ${error.errorMessage}` } : error,
      durationMs: realTime.monotonicMs() - p.started,
      memMb: this.maxMemMb,
      fatal: true,
    });
  }

  invoke(req: InvokeRequest): Promise<InvokeOutcome> {
    if (!this.alive) {
      return Promise.resolve({ kind: "error", error: { errorType: "Runtime.ExitError", errorMessage: `RequestId: ${req.requestId} Error: Runtime exited without providing a reason` }, durationMs: 0, memMb: 0, fatal: true });
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
        this.host.envTimedOut(this.id);
      });
      const storage = this.watchStorage(id, req.requestId, started);
      this.pending = {
        id,
        started,
        requestId: req.requestId,
        ...(req.onChunk ? { onChunk: req.onChunk } : {}),
        resolve: (o) => {
          timer.cancel();
          storage?.cancel();
          resolve(o);
        },
      };
      // Short keys: the message is cloned for every invocation.
      this.host.post({ t: "i", e: this.id, i: id, r: req.requestId, a: req.invokedFunctionArn, v: req.event, d: realTime.now() + req.timeoutMs, c: req.clientContext, ...(req.onChunk ? { s: 1 } : {}) });
    });
  }

  /** Measures the temporary directory while the invocation runs: past EphemeralStorage it fails and the environment ends. */
  private watchStorage(id: number, requestId: string, started: number): { cancel(): void } | undefined {
    const limit = this.spec.ephemeralBytes;
    if (!limit || !this.spec.tmpDir) return undefined;
    let timer: { cancel(): void } | undefined;
    const tick = (): void => {
      const p = this.pending;
      if (p?.id !== id) return;
      if (!storageExceeded(this.spec.tmpDir, limit)) return void (timer = realTime.after(STORAGE_SAMPLE_MS, tick));
      this.pending = undefined;
      p.resolve({ kind: "error", error: storageError(requestId, limit), durationMs: realTime.monotonicMs() - started, memMb: this.maxMemMb, fatal: true });
      this.kill();
    };
    timer = realTime.after(STORAGE_SAMPLE_MS, tick);
    return { cancel: () => timer?.cancel() };
  }

  /** Ends this environment (reaped, discarded); its host ends with its last environment. */
  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.removeTmp();
    this.host.detach(this.id);
  }

  private removeTmp(): void {
    forgetStorage(this.spec.tmpDir);
    if (this.spec.tmpDir) void rm(this.spec.tmpDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
