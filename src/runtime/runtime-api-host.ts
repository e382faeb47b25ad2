/**
 * The host of ONE environment of a function that is not run by the Node.js host: a process (a
 * custom runtime's `bootstrap`, or the machine's `python3` with our runtime client) speaking
 * AWS's Lambda Runtime API (2018-06-01, runtime-api.ts) to a server of its own on 127.0.0.1,
 * whose address it gets in `AWS_LAMBDA_RUNTIME_API`. This file is the process's lifecycle: its
 * start (spawned, or forked from a SnapStart snapshot, with its extensions), its output as log
 * lines, its memory, its end. The init phase lasts until the process first asks for the next
 * invocation (or reports `/runtime/init/error`) and its extensions are ready. The process leads
 * its own process group, which ends with the environment (timeout, discard, exit), and its
 * resident memory is bounded by MemorySize, as for Node.js hosts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { realTime } from "../core/clock.js";
import type { Environment, FunctionError } from "./environment.js";
import type { EnvironmentHost, HostEnd, HostMessage } from "./host.js";
import { killTree, residentMb } from "./host-process.js";
import type { SnapshotTemplate } from "./snapstart.js";
import { limitFileSize, withFileSizeLimit } from "./ephemeral-storage.js";
import { Extensions, SHUTDOWN_MS } from "./extensions.js";
import { RuntimeApi, type InvokeMessage } from "./runtime-api.js";

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The path AWS would name in a spawn failure (`/var/task/bootstrap`). */
  displayPath: string;
  /** The init error when the command does not exist. */
  notFound?: string;
  /** A `\r` in an output line stands for a line break within one log event (Python's runtime client). */
  crLines?: boolean;
  /** SnapStart: the environment is a fork of this snapshot instead of a new process. */
  snapshot?: SnapshotTemplate;
  /** The layers' `/opt`: its `extensions/` start with the environment. */
  optDir?: string;
  /** Work before the process can start (compiling a shipped runtime client); a failure is an init error. */
  prepare?: () => Promise<void>;
}

export class RuntimeApiHost implements EnvironmentHost {
  private env?: Environment;
  private pid?: number;
  /** The environment's extensions, when it has some (the Runtime API routes their calls). */
  extensions?: Extensions;
  /** The runtime asked for its first invocation (the init phase may still wait for extensions). */
  private runtimeAsked = false;
  private outputServer?: NetServer;
  private readonly api = new RuntimeApi(this);
  private dead = false;
  private cause?: HostEnd;
  private started = realTime.monotonicMs();
  private initDone = false;
  private lineBuffer = "";
  private sampler?: { cancel(): void };
  private lastMem?: { mb: number; at: number };
  private initTimer?: { cancel(): void };

  constructor(
    private readonly spec: ProcessSpec,
    private readonly memoryMb: number,
    private readonly initTimeoutMs: number,
  ) {}

  get alive(): boolean {
    return !this.dead;
  }

  attach(env: Environment): number {
    this.env = env;
    this.api.listen((port) => {
      if (!this.spec.prepare) return this.startProcess(port);
      this.spec.prepare().then(
        () => this.startProcess(port),
        (err: Error) => this.end({ kind: "fatal", env: 1, error: { errorType: "Runtime.InvalidEntrypoint", errorMessage: err.message } }),
      );
    });
    return 1;
  }

  post(message: unknown): void {
    const m = message as { t: string };
    if (m.t !== "i" || this.dead) return;
    this.api.enqueue(message as InvokeMessage);
  }

  detach(): void {
    this.end({ kind: "discarded" });
  }

  envTimedOut(): void {
    this.end({ kind: "timeout", env: 1 });
  }

  end(cause: HostEnd): void {
    if (this.dead) return;
    this.dead = true;
    this.cause ??= cause;
    this.sampler?.cancel();
    this.initTimer?.cancel();
    const reason = cause.kind === "timeout" ? "timeout" : cause.kind === "exit" || cause.kind === "fatal" || cause.kind === "oom" ? "failure" : "spindown";
    const extensionsLeft = this.extensions?.shutdown(reason, (ms, fn) => realTime.after(ms, fn)) ?? false;
    killTree(this.pid);
    this.outputServer?.close();
    // Extensions still running may poll for their SHUTDOWN event until they are killed.
    this.api.close(extensionsLeft ? SHUTDOWN_MS : 0);
    this.flushLine();
    this.env?.hostEnded(this.cause);
  }

  emit(m: HostMessage): void {
    if (m.t === "initError") this.initDone = true;
    this.env?.onMessage(m);
  }

  runtimeReady(): void {
    this.runtimeAsked = true;
    this.initIfReady();
  }

  failed(error: FunctionError): void {
    this.end({ kind: "fatal", env: 1, error });
  }

  private startProcess(port: number): void {
    if (this.dead) return;
    const env: Record<string, string> = { ...this.spec.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}` };
    if (this.spec.snapshot) return void this.restore(this.spec.snapshot, env);
    const extensions = new Extensions(
      { functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? "", functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? "", handler: env._HANDLER ?? "" },
      (t) => this.output(t),
      () => {
        this.initIfReady();
        this.api.deliver();
      },
    );
    if (extensions.start(this.spec.optDir, this.spec.cwd, env) > 0) this.extensions = extensions;
    let child: ChildProcess;
    try {
      const [command, args] = withFileSizeLimit(this.spec.command, this.spec.args, this.env?.spec.ephemeralBytes, env.PATH);
      child = spawn(command, args, { cwd: this.spec.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      return this.spawnFailed(err as NodeJS.ErrnoException);
    }
    this.pid = child.pid;
    child.on("error", (err: NodeJS.ErrnoException) => this.spawnFailed(err));
    child.stdout?.setEncoding("utf8").on("data", (t: string) => this.output(t));
    child.stderr?.setEncoding("utf8").on("data", (t: string) => this.output(t));
    child.on("exit", (code, signal) => {
      // Output still in the pipes arrives before "close"; the environment ends after it.
      child.once("close", () => this.end({ kind: "exit", code, signal, env: 1 }));
      realTime.after(200, () => this.end({ kind: "exit", code, signal, env: 1 }));
    });
    this.guardInit();
    this.watchMemory(child.pid);
  }

  /** SnapStart: a fork of the version's snapshot, its output through a socket of its own. */
  private async restore(snapshot: SnapshotTemplate, env: Record<string, string>): Promise<void> {
    const socketPath = join(this.spec.env.TMPDIR ?? tmpdir(), `rt-${process.pid}-${Math.random().toString(16).slice(2, 10)}.sock`);
    const server = createNetServer((socket) => {
      socket.setEncoding("utf8").on("data", (t: string) => this.output(t));
      socket.on("close", () => this.flushLine());
    });
    this.outputServer = server;
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    this.guardInit();
    try {
      const pid = await snapshot.fork(env, socketPath, (code) => this.end({ kind: "exit", code: code < 0 ? null : code, signal: code < 0 ? signalName(-code) : null, env: 1 }));
      this.pid = pid;
      if (this.dead) killTree(pid);
      else {
        limitFileSize(pid, this.env?.spec.ephemeralBytes);
        this.watchMemory(pid);
      }
    } catch (err) {
      const e = (err as { functionError?: FunctionError }).functionError;
      this.end({ kind: "fatal", env: 1, error: e ?? { errorType: "Runtime.Unknown", errorMessage: (err as Error).message } });
    }
  }

  private guardInit(): void {
    // AWS gives the init phase 10 seconds (then it is retried within the invocation's timeout).
    this.initTimer = realTime.after(this.initTimeoutMs, () => {
      if (!this.initDone) this.end({ kind: "fatal", env: 1, error: { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${(this.initTimeoutMs / 1000).toFixed(2)} seconds` } });
    });
  }

  private watchMemory(pid: number | undefined): void {
    if (pid !== undefined && residentMb(pid) !== undefined) {
      const tick = (): void => {
        const mb = residentMb(pid);
        if (mb === undefined || this.dead) return;
        this.lastMem = { mb, at: realTime.monotonicMs() };
        if (mb > this.memoryMb) return this.end({ kind: "oom" });
        this.sampler = realTime.after(this.api.busy ? 50 : 1000, tick);
      };
      tick();
    }
  }

  private spawnFailed(err: NodeJS.ErrnoException): void {
    if (err.code === "ENOENT" && this.spec.notFound) {
      return this.end({ kind: "fatal", env: 1, error: { errorType: "Runtime.InvalidEntrypoint", errorMessage: this.spec.notFound } });
    }
    const why = err.code === "EACCES" ? "permission denied" : err.code === "ENOENT" ? "no such file or directory" : err.message;
    this.end({ kind: "fatal", env: 1, error: { errorType: "Runtime.InvalidEntrypoint", errorMessage: `fork/exec ${this.spec.displayPath}: ${why}` } });
  }

  /** Process output becomes log lines (one event per line, as AWS's log agent splits it). */
  private output(text: string): void {
    this.lineBuffer += text;
    const cut = this.lineBuffer.lastIndexOf("\n");
    if (cut < 0) {
      if (this.lineBuffer.length > 256 * 1024) this.flushLine();
      return;
    }
    const lines = this.lineBuffer.slice(0, cut + 1);
    this.lineBuffer = this.lineBuffer.slice(cut + 1);
    for (const line of lines.split("\n").slice(0, -1)) this.emit({ t: "log", env: 1, text: `${this.spec.crLines ? line.replaceAll("\r", "\n") : line}\n` });
  }

  private flushLine(): void {
    if (this.lineBuffer === "") return;
    const text = this.lineBuffer;
    this.lineBuffer = "";
    this.emit({ t: "log", env: 1, text: `${text}\n` });
  }

  /** The init phase ends once the runtime and every extension asked for their next event. */
  private initIfReady(): void {
    if (this.initDone || !this.runtimeAsked) return;
    if (this.extensions && !this.extensions.idle(true)) return;
    this.initDone = true;
    this.initTimer?.cancel();
    this.emit({ t: "ready", env: 1, initMs: realTime.monotonicMs() - this.started, ...(this.spec.snapshot ? { restore: true } : {}) });
  }

  /** The process's resident memory: the sampler's last reading when it is under 100 ms old (warm invokes come faster than that). */
  memMb(): number {
    const pid = this.pid;
    const now = realTime.monotonicMs();
    if (this.lastMem && now - this.lastMem.at < 100) return Math.ceil(this.lastMem.mb);
    const mb = pid !== undefined ? residentMb(pid) : undefined;
    if (mb !== undefined) this.lastMem = { mb, at: now };
    return Math.ceil(mb ?? 0);
  }
}

function signalName(n: number): string | null {
  for (const [name, value] of Object.entries(constants.signals)) if (value === n) return name;
  return null;
}
