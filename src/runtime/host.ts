/**
 * A host: one child process (see host-process.ts) dedicated to ONE function version (same code
 * and configuration), running one or more of its execution environments (see
 * node-host/main.cts). Booting a process costs ~40 ms of CPU here (spares are booted ahead), an
 * environment in an existing host well under 1 ms, which is what makes a burst of cold starts
 * cheap. A `process.exit()`, a kill, an abort, a native crash, an uncaught error, an
 * out-of-memory, or a timeout whose handler is stuck in a loop, in one environment ends the
 * whole host (never the emulator): its other in-flight invocations fail with an exit error
 * naming the cause (on AWS they would have run in separate sandboxes). A timeout in a host that
 * still answers lets the others finish first.
 */
import { realTime } from "../core/clock.js";
import type { HostProcess } from "./host-process.js";
import type { Environment, FunctionError } from "./environment.js";

/** How long a host whose environment timed out has to answer before it is deemed stuck. */
const PING_MS = 250;

export interface HostSetup {
  taskRoot: string;
  handler: string;
  sdkModules?: string;
  /** The function's variables (those of the host's first environment). */
  env: Record<string, string>;
  /** Set for LoggingConfig's JSON format: console lines are JSON, filtered at this level. */
  logLevel?: string;
}

/** Why a host ended, as each of its environments reports it. */
export type HostEnd =
  | { kind: "exit"; code: number | null; signal?: string | null; env?: number }
  | { kind: "fatal"; env: number; error: FunctionError }
  | { kind: "oom" }
  | { kind: "timeout"; env: number }
  | { kind: "discarded" };

export type HostMessage =
  | { t: "ready"; env: number; initMs: number; restore?: boolean }
  | { t: "initError"; env: number; error: FunctionError }
  | { t: "log"; env: number; text: string }
  | { t: "result"; env: number; id: number; payload: string; memMb: number; heapMb?: number }
  | { t: "error"; env: number; id: number; error: FunctionError; memMb?: number; heapMb?: number }
  | { t: "chunk"; env: number; id: number; data: string; ct?: string }
  | { t: "fatal"; env: number; error: FunctionError }
  | { t: "exiting"; env: number }
  | { t: "pong" };

/** What an environment needs of the host it runs in (a Node.js host, or a Runtime API process). */
export interface EnvironmentHost {
  readonly alive: boolean;
  /** Starts an environment's init phase; returns its id in the host. */
  attach(env: Environment, vars: Record<string, string>, context: Record<string, string>): number;
  post(message: unknown): void;
  detach(id: number): void;
  envTimedOut(id: number): void;
  /**
   * The resident memory an environment's host reported with an invocation's answer: past the
   * host's limit it ends out of memory (true), as the sampler would have on its next tick.
   */
  overMemory?(mb: number): boolean;
}

export class Host implements EnvironmentHost {
  readonly envs = new Map<number, Environment>();
  private nextEnv = 1;
  private dead = false;
  private cause?: HostEnd;
  private exitingEnv?: number;
  private draining = false;
  private pongWaiters: (() => void)[] = [];
  /** The host's V8 heap in use at its last answer (MB). */
  heapUsedMb = 0;

  constructor(
    readonly key: string,
    readonly heapLimitMb: number,
    readonly memoryMb: number,
    private readonly worker: HostProcess,
    setup: HostSetup,
    private readonly onEnd: (h: Host) => void,
  ) {
    worker.ref();
    worker.on("message", (m: HostMessage | HostMessage[]) => {
      if (Array.isArray(m)) for (const one of m) this.onMessage(one);
      else this.onMessage(m);
    });
    worker.on("output", (text: string) => {
      if (text.includes("JavaScript heap out of memory") || text.includes("Reached heap limit")) this.cause ??= { kind: "oom" };
      this.onMessage({ t: "log", env: 0, text });
    });
    worker.on("spawnError", (err: Error) => {
      this.cause ??= { kind: "fatal", env: 0, error: { errorType: "Runtime.Unknown", errorMessage: err.message } };
    });
    worker.on("exit", (code: number | null, signal: string | null) => this.ended(this.cause ?? { kind: "exit", code, signal, env: this.exitingEnv }));
    // Each environment is allowed its MemorySize: the whole process (heap, Buffers, code) counts.
    worker.watchMemory(
      () => memoryMb * Math.max(1, this.envs.size),
      () => this.end({ kind: "oom" }),
      () => [...this.envs.values()].some((e) => e.busy),
    );
    worker.postMessage({ t: "host", ...setup });
  }

  /** False once ended, or draining: then it takes no new invocation and ends with its last one. */
  get alive(): boolean {
    return !this.dead && !this.draining;
  }

  /** Environments this host has started over its life (ES module instances are never freed). */
  get started(): number {
    return this.nextEnv - 1;
  }

  /** Starts an environment's init phase in this host; returns its id. */
  attach(env: Environment, vars: Record<string, string>, context: Record<string, string>): number {
    const id = this.nextEnv++;
    this.envs.set(id, env);
    this.post({ t: "init", env: id, vars, context });
    return id;
  }

  /**
   * Messages leave batched per turn of the event loop: the requests that arrived in one turn
   * wake the thread once (a postMessage cost ~25 µs of the server's CPU per invocation).
   */
  post(message: unknown): void {
    // An invocation starts: sample memory at the busy pace from now, not at the idle one's next tick.
    if ((message as { t?: string }).t === "i") this.worker.hurrySampling();
    if (this.outbox.push(message) === 1) setImmediate(this.flush);
  }

  private outbox: unknown[] = [];
  private readonly flush = (): void => {
    const batch = this.outbox;
    this.outbox = [];
    if (this.dead || batch.length === 0) return;
    this.worker.postMessage(batch.length === 1 ? batch[0] : batch);
  };

  /** Ends one environment; the host ends with its last one. */
  detach(id: number): void {
    if (!this.envs.delete(id) || this.dead) return;
    if (this.envs.size === 0) this.end({ kind: "discarded" });
    else this.post({ t: "drop", env: id });
  }

  /**
   * One environment timed out. Its handler may be stuck in a loop, which only ending the thread
   * stops; but when other environments are running and the thread still answers (the handler
   * was awaiting), they finish first: the host drains (no new invocation, its idle environments
   * end) and ends with its last environment.
   */
  envTimedOut(id: number): void {
    if (this.dead) return;
    const othersBusy = [...this.envs].some(([k, e]) => k !== id && e.busy);
    if (!othersBusy) return this.end({ kind: "timeout", env: id });
    this.draining = true;
    for (const e of [...this.envs.values()]) if (!e.busy) e.kill();
    if (this.dead) return;
    const stuck = realTime.after(PING_MS, () => this.end({ kind: "timeout", env: id }));
    this.pongWaiters.push(() => stuck.cancel());
    this.flush();
    this.worker.postMessage({ t: "ping" });
  }

  overMemory(mb: number): boolean {
    if (this.dead || mb <= this.memoryMb * Math.max(1, this.envs.size)) return false;
    this.end({ kind: "oom" });
    return true;
  }

  /** Ends the process (and the processes it started) and every environment in it. */
  end(cause: HostEnd): void {
    if (this.dead) return;
    this.cause ??= cause;
    this.ended(this.cause);
    this.worker.terminate();
  }

  private ended(cause: HostEnd): void {
    if (this.dead) return;
    this.dead = true;
    this.onEnd(this);
    for (const env of [...this.envs.values()]) env.hostEnded(cause);
    this.envs.clear();
  }

  private onMessage(m: HostMessage): void {
    if (m.t === "fatal") {
      this.cause ??= { kind: "fatal", env: m.env, error: m.error };
      return;
    }
    if (m.t === "exiting") {
      this.exitingEnv ??= m.env;
      return;
    }
    if (m.t === "pong") {
      for (const w of this.pongWaiters.splice(0)) w();
      return;
    }
    if ((m.t === "result" || m.t === "error") && m.heapMb !== undefined) this.heapUsedMb = m.heapMb;
    // Output of code that no environment owns goes to the first one; that of an environment
    // already ended (timed out while its thread drains) is dropped.
    const env = this.envs.get(m.env) ?? (m.t === "log" && m.env === 0 ? this.envs.values().next().value : undefined);
    env?.onMessage(m);
  }
}
