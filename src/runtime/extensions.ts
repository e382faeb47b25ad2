/**
 * The Extensions API (2020-01-01) for external extensions: executables in a layer's
 * `extensions/` directory start with the environment (before its runtime), register
 * (`POST /2020-01-01/extension/register` with `Lambda-Extension-Name` and the events they want),
 * and long-poll `GET /2020-01-01/extension/event/next` for INVOKE events (one per invocation, as
 * the runtime receives it) and a SHUTDOWN event when the environment ends (then they have 500 ms).
 * The init phase ends when the runtime and every registered extension have asked for their next
 * event; the next invocation waits until every extension has done so again, as on AWS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { realTime } from "../core/clock.js";
import { killTree } from "./host-process.js";

export const EXTENSION_API = "/2020-01-01/extension/";

interface Extension {
  id: string;
  name: string;
  events: string[];
  waiting?: ServerResponse;
  queue: unknown[];
  /** Asked for its next event since its last one (idle). */
  ready: boolean;
}

export interface InvokeEvent {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
}

/** The Shutdown phase's limit with external extensions, as AWS documents it. */
export const SHUTDOWN_MS = 2000;

export class Extensions {
  private processes: ChildProcess[] = [];
  private byId = new Map<string, Extension>();
  private started = 0;

  constructor(
    private readonly info: { functionName: string; functionVersion: string; handler: string },
    private readonly onOutput: (text: string) => void,
    private readonly onChange: () => void,
  ) {}

  /** Starts the layers' `extensions/*` executables; returns how many. */
  start(optDir: string | undefined, cwd: string, env: Record<string, string>): number {
    const dir = optDir ? join(optDir, "extensions") : undefined;
    if (!dir || !existsSync(dir)) return 0;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      if (!statSync(file).isFile()) continue;
      try {
        const child = spawn(file, [], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        child.on("error", () => undefined);
        child.stdout?.setEncoding("utf8").on("data", (t: string) => this.onOutput(t));
        child.stderr?.setEncoding("utf8").on("data", (t: string) => this.onOutput(t));
        this.processes.push(child);
        this.started++;
      } catch {
        // not executable: AWS skips it too
      }
    }
    return this.started;
  }

  /** Every registered extension is waiting for its next event (and all started ones registered, during init). */
  idle(initPhase: boolean): boolean {
    if (initPhase && this.byId.size < this.started) return false;
    for (const e of this.byId.values()) if (!e.ready) return false;
    return true;
  }

  invoke(ev: InvokeEvent): void {
    for (const e of this.byId.values()) {
      if (!e.events.includes("INVOKE")) continue;
      e.ready = false;
      this.send(e, { eventType: "INVOKE", deadlineMs: ev.deadlineMs, requestId: ev.requestId, invokedFunctionArn: ev.invokedFunctionArn, tracing: { type: "X-Amzn-Trace-Id", value: ev.traceId } });
    }
  }

  /**
   * SHUTDOWN to those that asked for it, then the extensions are killed: AWS gives external
   * extensions 2,000 ms for the Shutdown phase. Answers whether any process is still to be killed
   * (the Extensions API must keep serving until then: an extension may not be polling yet).
   */
  shutdown(reason: string, later: (ms: number, fn: () => void) => void): boolean {
    for (const e of this.byId.values()) if (e.events.includes("SHUTDOWN")) this.send(e, { eventType: "SHUTDOWN", shutdownReason: reason, deadlineMs: realTime.now() + SHUTDOWN_MS });
    const procs = this.processes;
    this.processes = [];
    if (procs.length > 0) later(SHUTDOWN_MS, () => procs.forEach((p) => killTree(p.pid)));
    return procs.length > 0;
  }

  route(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, reply: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    if (req.method === "POST" && path === "register") {
      const name = String(req.headers["lambda-extension-name"] ?? "");
      let events: string[] = [];
      try {
        const parsed = JSON.parse(body.toString("utf8")) as { events?: unknown };
        if (Array.isArray(parsed.events)) events = parsed.events.filter((x): x is string => x === "INVOKE" || x === "SHUTDOWN");
      } catch {
        return reply(400, { errorMessage: "Invalid request body", errorType: "InvalidRequestFormat" });
      }
      if (!name) return reply(400, { errorMessage: "Missing Lambda-Extension-Name header", errorType: "InvalidRequestFormat" });
      const ext: Extension = { id: randomUUID(), name, events, queue: [], ready: false };
      this.byId.set(ext.id, ext);
      return reply(200, this.info, { "lambda-extension-identifier": ext.id });
    }
    const ext = this.byId.get(String(req.headers["lambda-extension-identifier"] ?? ""));
    if (!ext) return reply(403, { errorMessage: "Unknown extension identifier", errorType: "Extension.UnknownExtensionIdentifier" });
    if (req.method === "GET" && path === "event/next") {
      ext.waiting?.destroy();
      ext.waiting = res;
      ext.ready = ext.queue.length === 0;
      res.on("close", () => {
        if (ext.waiting === res) ext.waiting = undefined;
      });
      this.flush(ext);
      this.onChange();
      return;
    }
    if (req.method === "POST" && (path === "init/error" || path === "exit/error")) {
      this.onOutput(`Extension ${ext.name} reported ${path}: ${body.toString("utf8")}\n`);
      return reply(202, { status: "OK" });
    }
    reply(404, { errorMessage: "Not Found", errorType: "NotFound" });
  }

  private send(e: Extension, event: unknown): void {
    e.queue.push(event);
    this.flush(e);
  }

  private flush(e: Extension): void {
    if (!e.waiting || e.queue.length === 0) return;
    const res = e.waiting;
    e.waiting = undefined;
    const text = Buffer.from(JSON.stringify(e.queue.shift()));
    res.writeHead(200, { "content-type": "application/json", "content-length": String(text.length), "lambda-extension-event-identifier": randomUUID() });
    res.end(text);
  }
}
