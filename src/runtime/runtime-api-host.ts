/**
 * The host of ONE environment of a function that is not run by the Node.js host: a process (a
 * custom runtime's `bootstrap`, or the machine's `python3` with our runtime client) speaking
 * AWS's Lambda Runtime API (2018-06-01) to a server of its own on 127.0.0.1, whose address it
 * gets in `AWS_LAMBDA_RUNTIME_API`. The init phase lasts until the process first asks for the
 * next invocation (or reports `/runtime/init/error`); an invocation is handed to its long poll
 * and answered by `/response` or `/error`. The process leads its own process group, which ends
 * with the environment (timeout, discard, exit), and its resident memory is bounded by
 * MemorySize, as for Node.js hosts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from "node:net";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { realTime } from "../core/clock.js";
import type { Environment, FunctionError } from "./environment.js";
import type { EnvironmentHost, HostEnd, HostMessage } from "./host.js";
import { killTree, residentMb } from "./host-process.js";
import { STREAM_LIMIT } from "./response-stream.js";
import type { SnapshotTemplate } from "./snapstart.js";
import { limitFileSize, withFileSizeLimit } from "./ephemeral-storage.js";
import { EXTENSION_API, Extensions, SHUTDOWN_MS } from "./extensions.js";

const API = "/2018-06-01/runtime/";
/** The Runtime API's payload limit for a buffered response (AWS: 6 MB and a little). */
const RESPONSE_LIMIT = 6 * 1024 * 1024 + 100;

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

/** An invocation as the Node.js host receives it (short keys; see node-host/invoke.cts). */
interface InvokeMessage {
  t: "i";
  e: number;
  i: number;
  r: string;
  a: string;
  v: string;
  d: number;
  c?: unknown;
}

export class RuntimeApiHost implements EnvironmentHost {
  private env?: Environment;
  private pid?: number;
  private extensions?: Extensions;
  /** The runtime asked for its first invocation (the init phase may still wait for extensions). */
  private runtimeReady = false;
  private outputServer?: NetServer;
  private server?: Server;
  private dead = false;
  private cause?: HostEnd;
  private started = realTime.monotonicMs();
  private initDone = false;
  private queue: InvokeMessage[] = [];
  private current?: InvokeMessage;
  private waiting?: ServerResponse;
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
    const server = createServer((req, res) => this.route(req, res));
    this.server = server;
    server.keepAliveTimeout = 0;
    server.on("error", (err) => this.end({ kind: "fatal", env: 1, error: { errorType: "Runtime.Unknown", errorMessage: err.message } }));
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
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
    this.queue.push(message as InvokeMessage);
    this.deliver();
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
    this.waiting?.destroy();
    // Extensions still running may poll for their SHUTDOWN event until they are killed.
    if (extensionsLeft) realTime.after(SHUTDOWN_MS, () => this.server?.close());
    else this.server?.close();
    this.server?.closeAllConnections();
    this.flushLine();
    this.env?.hostEnded(this.cause);
  }

  private emit(m: HostMessage): void {
    this.env?.onMessage(m);
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
        this.deliver();
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
        this.sampler = realTime.after(this.current ? 50 : 1000, tick);
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

  private deliver(): void {
    if (!this.waiting || this.current || this.queue.length === 0) return;
    if (this.extensions && !this.extensions.idle(false)) return;
    const m = this.queue.shift()!;
    this.current = m;
    const res = this.waiting;
    this.waiting = undefined;
    const trace = traceId(m.d);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": m.r,
      "lambda-runtime-deadline-ms": String(m.d),
      "lambda-runtime-invoked-function-arn": m.a,
      "lambda-runtime-trace-id": trace,
    };
    this.extensions?.invoke({ requestId: m.r, deadlineMs: m.d, invokedFunctionArn: m.a, traceId: trace });
    if (m.c !== undefined) headers["lambda-runtime-client-context"] = JSON.stringify(m.c);
    const body = Buffer.from(m.v, "utf8");
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(body);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    // Only the environment's own process talks to its API: no browser (an Origin) and no other
    // name than the loopback address (DNS rebinding).
    if (req.headers.origin !== undefined || !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(req.headers.host ?? "")) {
      return reply(res, 403, { errorMessage: "Forbidden", errorType: "Forbidden" });
    }
    const url = req.url ?? "";
    if (url.startsWith(EXTENSION_API)) {
      const extensions = this.extensions;
      if (!extensions) return reply(res, 403, { errorMessage: "Extensions are registered during the init phase", errorType: "Extension.InitPhaseOver" });
      return this.readBody(req, res, 64 * 1024, (body) =>
        extensions.route(req, res, url.slice(EXTENSION_API.length), body, (status, b, headers) => {
          const text = Buffer.from(JSON.stringify(b), "utf8");
          res.writeHead(status, { "content-type": "application/json", "content-length": String(text.length), ...headers });
          res.end(text);
        }),
      );
    }
    if (!url.startsWith(API)) return reply(res, 404, { errorMessage: "Not Found", errorType: "NotFound" });
    const path = url.slice(API.length);
    if (req.method === "GET" && path === "invocation/next") return this.next(res);
    if (req.method !== "POST") return reply(res, 405, { errorMessage: "Method Not Allowed", errorType: "MethodNotAllowed" });
    if (path === "init/error") return this.readBody(req, res, RESPONSE_LIMIT, (body) => this.initError(req, body, res));
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (!m) return reply(res, 404, { errorMessage: "Not Found", errorType: "NotFound" });
    const id = decodeURIComponent(m[1]!);
    const current = this.current;
    if (!current || current.r !== id) return reply(res, 400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
    if (m[2] === "response" && (req.headers["lambda-runtime-function-response-mode"] ?? "").toString().toLowerCase() === "streaming") return this.streamed(req, res, current);
    const limit = m[2] === "response" ? RESPONSE_LIMIT : RESPONSE_LIMIT;
    this.readBody(req, res, limit, (body) => {
      // The runtime flushed its output before posting, but the pipe and this socket are read in no
      // fixed order: settle the invocation after this turn's I/O callbacks, in which output written
      // before the post (so ready no later than it) has been read, so its log lines belong to it
      // and reach its tail log. A timer here (it was 5 ms) cost every warm invoke 5 ms and, by
      // letting the loop idle, about 0.5 ms more server CPU.
      setImmediate(() => {
        this.current = undefined;
        if (m[2] === "response") this.emit({ t: "result", env: 1, id: current.i, payload: body.toString("utf8"), memMb: this.memMb() });
        else this.emit({ t: "error", env: 1, id: current.i, error: functionError(req, body), memMb: this.memMb() });
        reply(res, 202, { status: "OK" });
        this.deliver();
      });
    }, () => {
      this.current = undefined;
      this.emit({
        t: "error",
        env: 1,
        id: current.i,
        error: { errorType: "Function.ResponseSizeTooLarge", errorMessage: `Response payload size exceeded maximum allowed payload size (${6 * 1024 * 1024} bytes).` },
        memMb: this.memMb(),
      });
      this.deliver();
    });
  }

  private next(res: ServerResponse): void {
    this.runtimeReady = true;
    this.initIfReady();
    this.waiting?.destroy();
    this.waiting = res;
    res.on("close", () => {
      if (this.waiting === res) this.waiting = undefined;
    });
    this.deliver();
  }

  /** The init phase ends once the runtime and every extension asked for their next event. */
  private initIfReady(): void {
    if (this.initDone || !this.runtimeReady) return;
    if (this.extensions && !this.extensions.idle(true)) return;
    this.initDone = true;
    this.initTimer?.cancel();
    this.emit({ t: "ready", env: 1, initMs: realTime.monotonicMs() - this.started, ...(this.spec.snapshot ? { restore: true } : {}) });
  }

  private initError(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    reply(res, 202, { status: "OK" });
    this.initDone = true;
    this.emit({ t: "initError", env: 1, error: functionError(req, body) });
  }

  /**
   * A streamed response (`Lambda-Runtime-Function-Response-Mode: streaming`, chunked): chunks go
   * to the caller as they come; errors arrive as trailers.
   */
  private streamed(req: IncomingMessage, res: ServerResponse, current: InvokeMessage): void {
    const contentType = req.headers["content-type"];
    let size = 0;
    let first = true;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > STREAM_LIMIT) return;
      this.emit({ t: "chunk", env: 1, id: current.i, data: c.toString("base64"), ...(first && contentType ? { ct: contentType } : {}) });
      first = false;
    });
    req.on("end", () => {
      this.current = undefined;
      const trailerType = req.trailers["lambda-runtime-function-error-type"];
      if (trailerType) {
        const body = req.trailers["lambda-runtime-function-error-body"];
        const error = { errorType: trailerType, errorMessage: body ? Buffer.from(body, "base64").toString("utf8") : trailerType };
        this.emit({ t: "error", env: 1, id: current.i, error, memMb: this.memMb() });
      } else this.emit({ t: "result", env: 1, id: current.i, payload: "", memMb: this.memMb() });
      reply(res, 202, { status: "OK" });
      this.deliver();
    });
  }

  private readBody(req: IncomingMessage, res: ServerResponse, limit: number, done: (body: Buffer) => void, tooLarge?: () => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => {
      if (!over) return done(Buffer.concat(chunks));
      reply(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${limit} bytes).`, errorType: "RequestEntityTooLarge" });
      tooLarge?.();
    });
  }

  /** The process's resident memory: the sampler's last reading when it is under 100 ms old (warm invokes come faster than that). */
  private memMb(): number {
    const pid = this.pid;
    const now = realTime.monotonicMs();
    if (this.lastMem && now - this.lastMem.at < 100) return Math.ceil(this.lastMem.mb);
    const mb = pid !== undefined ? residentMb(pid) : undefined;
    if (mb !== undefined) this.lastMem = { mb, at: now };
    return Math.ceil(mb ?? 0);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { "content-type": "application/json", "content-length": String(text.length) });
  res.end(text);
}

/** The error a runtime posted: its JSON body is what the caller gets, as on AWS. */
function functionError(req: IncomingMessage, body: Buffer): FunctionError {
  const header = req.headers["lambda-runtime-function-error-type"];
  const text = body.toString("utf8");
  let parsed: { errorType?: unknown; errorMessage?: unknown } = {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === "object") parsed = v as typeof parsed;
  } catch {
    // not JSON: AWS answers with the error type alone
  }
  const errorType = typeof parsed.errorType === "string" ? parsed.errorType : typeof header === "string" ? header : "Unhandled";
  const errorMessage = typeof parsed.errorMessage === "string" ? parsed.errorMessage : "";
  return { errorType, errorMessage, ...(text.trim().startsWith("{") && Object.keys(parsed).length > 0 ? { raw: text } : {}) };
}

/** An X-Ray trace header for one invocation: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
function traceId(deadlineMs: number): string {
  const epoch = Math.floor(deadlineMs / 1000).toString(16);
  const hex = randomBytes(20).toString("hex");
  return `Root=1-${epoch}-${hex.slice(0, 24)};Parent=${hex.slice(24)};Sampled=0`;
}

function signalName(n: number): string | null {
  for (const [name, value] of Object.entries(constants.signals)) if (value === n) return name;
  return null;
}
