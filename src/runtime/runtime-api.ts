/**
 * AWS's Lambda Runtime API (2018-06-01) for ONE environment, served on 127.0.0.1 to the process
 * of a runtime-api-host.ts: `/runtime/invocation/next` (the long poll an invocation is handed
 * to), `/response` and `/error` (buffered, or a streamed response with its error trailers),
 * `/runtime/init/error`, and the Extensions API's routes (extensions.ts). What it learns goes to
 * its owner as host messages (ready, result, error, chunk, initError).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { realTime } from "../core/clock.js";
import type { FunctionError } from "./environment.js";
import type { HostMessage } from "./host.js";
import { STREAM_LIMIT } from "./response-stream.js";
import { EXTENSION_API, type Extensions } from "./extensions.js";
import { FastConnection, type FastRuntimeRoutes } from "./runtime-api-fast.js";

const API = "/2018-06-01/runtime/";
/** The Runtime API's payload limit for a buffered response (AWS: 6 MB and a little). */
const RESPONSE_LIMIT = 6 * 1024 * 1024 + 100;

/** An invocation as the Node.js host receives it (short keys; see node-host/invoke.cts). */
export interface InvokeMessage {
  t: "i";
  e: number;
  i: number;
  r: string;
  a: string;
  v: string;
  d: number;
  c?: unknown;
}

/** What the Runtime API needs of the host whose process it serves. */
export interface RuntimeApiOwner {
  emit(m: HostMessage): void;
  /** The process's resident memory (MB) for an invocation's Max Memory Used. */
  memMb(): number;
  /** The environment's extensions, when it has some. */
  readonly extensions?: Extensions | undefined;
  /** The runtime asked for an invocation (its first ends its part of the init phase). */
  runtimeReady(): void;
  /** The server could not listen. */
  failed(error: FunctionError): void;
}

/** The answer to every buffered result the runtime posts. */
const ACCEPTED = JSON.stringify({ status: "OK" });

export class RuntimeApi implements FastRuntimeRoutes {
  /** Connections start on the fast path (runtime-api-fast.ts); Node's HTTP server takes the others. */
  private server?: Server;
  private readonly fast = new Set<FastConnection>();
  private queue: InvokeMessage[] = [];
  private current?: InvokeMessage;
  private waiting?: ServerResponse | FastConnection;
  readonly maxBody = RESPONSE_LIMIT;

  constructor(private readonly owner: RuntimeApiOwner) {}

  /** Listens on a free loopback port; `ready` gets it. */
  listen(ready: (port: number) => void): void {
    const server = createServer((req, res) => this.route(req, res));
    this.server = server;
    server.keepAliveTimeout = 0;
    // Connections start on the fast path; Node's own listener takes those it hands over.
    this.nodeListeners = server.listeners("connection") as ((socket: Socket) => void)[];
    server.removeAllListeners("connection");
    server.on("connection", (socket: Socket) => this.fast.add(new FastConnection(socket, this)));
    server.on("error", (err) => this.owner.failed({ errorType: "Runtime.Unknown", errorMessage: err.message }));
    server.listen(0, "127.0.0.1", () => ready((server.address() as AddressInfo).port));
  }

  private nodeListeners: ((socket: Socket) => void)[] = [];

  fallback(socket: Socket): void {
    for (const conn of this.fast) if (conn.socket === socket) this.fast.delete(conn);
    for (const listener of this.nodeListeners) listener.call(this.server, socket);
  }

  closed(conn: FastConnection): void {
    this.fast.delete(conn);
    if (this.waiting === conn) this.waiting = undefined;
  }

  /** Only the environment's own process talks to its API: no browser (an Origin) and no other name than the loopback address (DNS rebinding). */
  allowed(headers: Record<string, string | string[] | undefined>): boolean {
    const host = headers.host;
    return headers.origin === undefined && typeof host === "string" && LOOPBACK_HOST.test(host);
  }

  /** An invocation is running in the process. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  enqueue(m: InvokeMessage): void {
    this.queue.push(m);
    this.deliver();
  }

  /** Stops serving, now or (extensions still polling for their SHUTDOWN event) after `graceMs`. */
  close(graceMs: number): void {
    this.waiting?.destroy();
    if (graceMs > 0) realTime.after(graceMs, () => this.server?.close());
    else this.server?.close();
    for (const conn of this.fast) conn.destroy();
    this.server?.closeAllConnections();
  }

  deliver(): void {
    if (!this.waiting || this.current || this.queue.length === 0) return;
    if (this.owner.extensions && !this.owner.extensions.idle(false)) return;
    const m = this.queue.shift()!;
    this.current = m;
    const res = this.waiting;
    this.waiting = undefined;
    const trace = traceId(m.d);
    this.owner.extensions?.invoke({ requestId: m.r, deadlineMs: m.d, invokedFunctionArn: m.a, traceId: trace });
    const clientContext = m.c !== undefined ? asciiJson(m.c) : undefined;
    if (res instanceof FastConnection) return res.deliver(m, trace, clientContext);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": m.r,
      "lambda-runtime-deadline-ms": String(m.d),
      "lambda-runtime-invoked-function-arn": m.a,
      "lambda-runtime-trace-id": trace,
    };
    if (clientContext !== undefined) headers["lambda-runtime-client-context"] = clientContext;
    const body = Buffer.from(m.v, "utf8");
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(body);
  }

  /**
   * A buffered `/response` or `/error` for request `id`. The runtime flushed its output before
   * posting, but the pipe and the socket are read in no fixed order: the invocation is settled
   * after this turn's I/O callbacks, in which output written before the post (so ready no later
   * than it) has been read, so its log lines belong to it and reach its tail log. (A timer here —
   * it was 5 ms — cost every warm invoke 5 ms and, by letting the loop idle, more server CPU.)
   */
  respond(id: string, kind: "response" | "error", errorType: string | undefined, body: Buffer, reply: (status: number, body: string) => void): void {
    const current = this.current;
    if (!current || current.r !== id) return reply(400, JSON.stringify({ errorMessage: "Invalid request ID", errorType: "InvalidRequestID" }));
    setImmediate(() => {
      this.current = undefined;
      if (kind === "response") this.owner.emit({ t: "result", env: 1, id: current.i, payload: body.toString("utf8"), memMb: this.owner.memMb() });
      else this.owner.emit({ t: "error", env: 1, id: current.i, error: functionError(errorType, body), memMb: this.owner.memMb() });
      reply(202, ACCEPTED);
      this.deliver();
    });
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    if (!this.allowed(req.headers)) return reply(res, 403, { errorMessage: "Forbidden", errorType: "Forbidden" });
    const url = req.url ?? "";
    if (url.startsWith(EXTENSION_API)) {
      const extensions = this.owner.extensions;
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
    const errorType = req.headers["lambda-runtime-function-error-type"];
    this.readBody(req, res, RESPONSE_LIMIT, (body) =>
      this.respond(id, m[2] === "response" ? "response" : "error", typeof errorType === "string" ? errorType : undefined, body, (status, text) => {
        res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
        res.end(text);
      }),
    () => {
      this.current = undefined;
      this.owner.emit({
        t: "error",
        env: 1,
        id: current.i,
        error: { errorType: "Function.ResponseSizeTooLarge", errorMessage: `Response payload size exceeded maximum allowed payload size (${6 * 1024 * 1024} bytes).` },
        memMb: this.owner.memMb(),
      });
      this.deliver();
    });
  }

  /** A `/next` long poll (a second one replaces the first, which is cut). */
  next(res: ServerResponse | FastConnection): void {
    this.owner.runtimeReady();
    if (this.waiting !== res) this.waiting?.destroy();
    this.waiting = res;
    if (!(res instanceof FastConnection)) {
      res.on("close", () => {
        if (this.waiting === res) this.waiting = undefined;
      });
    }
    this.deliver();
  }

  private initError(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    reply(res, 202, { status: "OK" });
    const header = req.headers["lambda-runtime-function-error-type"];
    this.owner.emit({ t: "initError", env: 1, error: functionError(typeof header === "string" ? header : undefined, body) });
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
      this.owner.emit({ t: "chunk", env: 1, id: current.i, data: c.toString("base64"), ...(first && contentType ? { ct: contentType } : {}) });
      first = false;
    });
    req.on("end", () => {
      this.current = undefined;
      const trailerType = req.trailers["lambda-runtime-function-error-type"];
      if (trailerType) {
        const body = req.trailers["lambda-runtime-function-error-body"];
        const error = { errorType: trailerType, errorMessage: body ? Buffer.from(body, "base64").toString("utf8") : trailerType };
        this.owner.emit({ t: "error", env: 1, id: current.i, error, memMb: this.owner.memMb() });
      } else this.owner.emit({ t: "result", env: 1, id: current.i, payload: "", memMb: this.owner.memMb() });
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
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { "content-type": "application/json", "content-length": String(text.length) });
  res.end(text);
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/;

/** A client context as its header's value: JSON with every non-ASCII character escaped (same meaning, always a valid header). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The error a runtime posted: its JSON body is what the caller gets, as on AWS. */
function functionError(header: string | undefined, body: Buffer): FunctionError {
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
