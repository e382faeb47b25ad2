/**
 * One invocation in a host: the handler called with AWS's context object (async, callback, or
 * `context.done/succeed/fail`), its answer or error posted to the parent with the memory used.
 */
import v8 from "node:v8";
import { post, type HostEnvironment } from "./state.cjs";
import { runStreaming, STREAMING } from "./streaming.cjs";

/** `i` from the parent: e env, i id, r requestId, a invokedFunctionArn, v event, d deadline, c clientContext, s streaming. */
export interface InvokeMessage {
  t: "i";
  e: number;
  i: number;
  r: string;
  a: string;
  v: string;
  d: number;
  c?: unknown;
  s?: boolean;
}

export type Finish = (err: unknown, value?: unknown, raw?: string) => void;

export interface ErrorReport {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export function toError(err: unknown, fallbackType?: string): ErrorReport {
  if (err instanceof Error) {
    const trace = typeof err.stack === "string" ? err.stack.split("\n") : [];
    return { errorType: err.name || fallbackType || "Error", errorMessage: err.message, trace };
  }
  if (err && typeof err === "object") return { errorType: fallbackType || "Error", errorMessage: JSON.stringify(err), trace: [] };
  return { errorType: fallbackType || "string", errorMessage: String(err), trace: [] };
}

// Max Memory Used is the process's resident set, as AWS measures the environment. Read at most
// every 5 ms (a /proc read and a heap walk per invocation showed in profiles of busy hosts; the
// parent samples the resident set against MemorySize on its own).
const READ_EVERY_MS = 5;
let readAt = -Infinity;
let lastMemMb = 0;
let lastHeapMb = 0;
function readMemory(): void {
  const now = performance.now();
  if (now - readAt < READ_EVERY_MS) return;
  readAt = now;
  lastMemMb = Math.ceil(process.memoryUsage.rss() / 1048576);
  lastHeapMb = Math.ceil(v8.getHeapStatistics().used_heap_size / 1048576);
}

// The resources of the host itself (its IPC channel, its stdout and stderr pipes) are not the
// handler's: an event loop "empty" for callbackWaitsForEmptyEventLoop is one with only those.
// Counted when the host is set up, before any function code runs.
let hostPipes = 0;
export function countHostPipes(): void {
  void process.stdout;
  void process.stderr;
  hostPipes = process.getActiveResourcesInfo().filter((r) => r === "PipeWrap" || r === "TTYWrap").length;
}
function ownResources(): number {
  let pipes = hostPipes;
  let n = 0;
  for (const r of process.getActiveResourcesInfo()) {
    if ((r === "PipeWrap" || r === "TTYWrap") && pipes > 0) pipes--;
    else n++;
  }
  return n;
}

function answer(env: HostEnvironment, msg: InvokeMessage, err: unknown, value: unknown, raw: string | undefined): void {
  readMemory();
  const m = lastMemMb;
  const h = lastHeapMb;
  if (err !== undefined && err !== null) {
    post({ t: "error", env: env.id, id: msg.i, error: toError(err), memMb: m, heapMb: h });
    return;
  }
  let payload = raw;
  if (payload === undefined) {
    try {
      payload = JSON.stringify(value === undefined ? null : value) as string | undefined;
    } catch {
      post({ t: "error", env: env.id, id: msg.i, error: { errorType: "Runtime.JSONStringifyError", errorMessage: "Unable to stringify response body", trace: [] }, memMb: m, heapMb: h });
      return;
    }
  }
  post({ t: "result", env: env.id, id: msg.i, payload: payload === undefined ? "null" : payload, memMb: m, heapMb: h });
}

export function runOne(env: HostEnvironment, msg: InvokeMessage): void {
  let settled = false;
  const finish: Finish = (err, value, raw) => {
    if (settled) return;
    settled = true;
    env.busy = false;
    answer(env, msg, err, value, raw);
  };
  const c = env.context;
  const context = {
    awsRequestId: msg.r,
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    invokedFunctionArn: msg.a,
    memoryLimitInMB: c.memoryLimitInMB,
    logGroupName: c.logGroupName,
    logStreamName: c.logStreamName,
    ...(msg.c !== undefined ? { clientContext: msg.c } : {}),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, msg.d - Date.now()),
    done: (err: unknown, value: unknown) => finish(err, value),
    succeed: (value: unknown) => finish(null, value),
    fail: (err: unknown) => finish(err === undefined ? new Error("handled") : err),
  };
  env.busy = true;
  let event: unknown;
  try {
    event = JSON.parse(msg.v);
  } catch {
    event = {};
  }
  const handler = env.handler!;
  try {
    // A callback answers once the event loop is empty, unless the handler turned that off (AWS's
    // callbackWaitsForEmptyEventLoop); the parent's timeout ends a wait that never empties. The
    // loop is the host's: other environments' work delays the answer.
    const callback = (err: unknown, value: unknown): void => {
      if (!context.callbackWaitsForEmptyEventLoop) return finish(err, value);
      const check = (): void => {
        if (settled) return;
        if (ownResources() === 0) return finish(err, value);
        setTimeout(check, 5).unref();
      };
      setImmediate(check);
    };
    if (handler[STREAMING] === "response") return runStreaming(env, msg, event, context, finish);
    const out = handler(event, context, callback);
    if (out && typeof (out as PromiseLike<unknown>).then === "function") {
      (out as PromiseLike<unknown>).then(
        (value) => finish(null, value),
        (err: unknown) => finish(err === undefined || err === null ? new Error(String(err)) : err),
      );
    } else if (handler.length < 3) {
      finish(null, out);
    }
  } catch (err) {
    finish(err);
  }
}
