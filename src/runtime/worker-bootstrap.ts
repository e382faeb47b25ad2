/**
 * The code a host process runs (written to a `.cjs` file and started by host-process.ts). A host serves ONE function version (same code and
 * configuration) and may run several execution environments of it: each environment runs its
 * own init phase, has its own instance of the function's own modules, its own log stream and
 * temporary directory, and serves one invocation at a time. Which environment running code
 * belongs to follows callbacks and promises (AsyncLocalStorage), for logs, `process.env` and
 * `os.tmpdir()`. Kept as plain JavaScript text so the same bytes run from src (tests) and dist
 * (the package), whatever the loader. Messages travel over the process's IPC channel.
 *
 * From the parent: host {taskRoot, handler, sdkModules, env} (once) | init {env, vars, context} |
 * i {e: env, i: id, r: requestId, a: invokedFunctionArn, v: event, d: deadline, c: clientContext}
 * | drop {env}. To the parent: ready {env, initMs} |
 * initError {env, error} | log {env, text} | result {env, id, payload, memMb} | error {env, id,
 * error, memMb} | fatal {env, error} | exiting {env} (then the process ends). Either way a message
 * may be an array of messages.
 */
import { STREAMING_SOURCE } from "./worker-streaming.js";

export const BOOTSTRAP_SOURCE = String.raw`
"use strict";
const send = process.send.bind(process);
const parentPort = { postMessage: (m) => send(m) };
const { AsyncLocalStorage } = require("node:async_hooks");
const Module = require("node:module");
const { format } = require("node:util");
const { pathToFileURL } = require("node:url");
const { existsSync, readFileSync, realpathSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const v8 = require("node:v8");

// Filled by the "host" message: a spare worker boots Node before it knows its function.
const host = {};
/** id -> { id, seq, vars, tmpDir, handler, cache: Map<filename, Module>, busy } */
const envs = new Map();
let envSeq = 0;
// Which environment (and invocation) the running code belongs to: follows callbacks and promises.
const als = new AsyncLocalStorage();
// Messages to the parent leave batched per microtask checkpoint (one postMessage wakes the parent
// once for all the invocations that finished together); a log line, a fatal error or an exit
// flushes at once, so output is not held back by code that never yields.
let outbox = [];
const flush = () => {
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  parentPort.postMessage(batch.length === 1 ? batch[0] : batch);
};
const post = (m) => {
  if (outbox.push(m) === 1) queueMicrotask(flush);
};
const postNow = (m) => {
  outbox.push(m);
  flush();
};
const hasOwn = Object.prototype.hasOwnProperty;

function currentEnvId() {
  const s = als.getStore();
  if (s) return s.env.id;
  if (envs.size === 1) for (const id of envs.keys()) return id;
  return 0;
}

// The few variables that differ between the environments of one host (log stream, init type,
// temporary directory) are read from the running environment; everything else is the host's.
const baseEnv = process.env;
process.env = new Proxy(baseEnv, {
  get(target, key) {
    const s = als.getStore();
    if (s && typeof key === "string" && hasOwn.call(s.env.vars, key)) return s.env.vars[key];
    return Reflect.get(target, key);
  },
  getOwnPropertyDescriptor(target, key) {
    const s = als.getStore();
    if (s && typeof key === "string" && hasOwn.call(s.env.vars, key)) return { value: s.env.vars[key], writable: true, enumerable: true, configurable: true };
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
});
const hostTmpdir = os.tmpdir;
os.tmpdir = function tmpdir() {
  const s = als.getStore();
  return s && s.env.tmpDir ? s.env.tmpDir : hostTmpdir();
};

const levels = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE", fatal: "FATAL" };
const rank = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };
// LoggingConfig's JSON format, as the Node.js runtime writes it: one object per call, an Error
// as {errorType, errorMessage, stackTrace}; calls below ApplicationLogLevel are dropped.
const errorFields = (e) => ({ errorType: (e && e.constructor && e.constructor.name) || "UnknownError", errorMessage: e.message, stackTrace: typeof e.stack === "string" ? e.stack.split("\n") : [] });
const jsonReplacer = (_key, value) => (value instanceof Error ? errorFields(value) : value);
function jsonLine(timestamp, level, requestId, args) {
  const out = { timestamp, level, requestId };
  if (args.length === 1) {
    out.message = args[0];
    try {
      return JSON.stringify(out, jsonReplacer);
    } catch {
      out.message = format(args[0]);
      return JSON.stringify(out);
    }
  }
  out.message = format(...args);
  const err = args.slice(1).find((a) => a instanceof Error);
  if (err) Object.assign(out, errorFields(err));
  return JSON.stringify(out);
}
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => {
    const s = als.getStore();
    const requestId = (s && s.requestId) || undefined;
    let text;
    if (host.logLevel) {
      if (rank[level] < rank[host.logLevel]) return;
      text = jsonLine(new Date().toISOString(), level, requestId, args) + "\n";
    } else {
      text = new Date().toISOString() + "\t" + (requestId || "undefined") + "\t" + level + "\t" + format(...args) + "\n";
    }
    postNow({ t: "log", env: s ? s.env.id : currentEnvId(), text });
  };
}
const rawWrite = (chunk, encoding, cb) => {
  postNow({ t: "log", env: currentEnvId(), text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
  if (typeof encoding === "function") encoding();
  else if (typeof cb === "function") cb();
  return true;
};
process.stdout.write = rawWrite;
process.stderr.write = rawWrite;

function toError(err, fallbackType) {
  if (err instanceof Error) {
    const trace = typeof err.stack === "string" ? err.stack.split("\n") : [];
    return { errorType: err.name || fallbackType || "Error", errorMessage: err.message, trace };
  }
  if (err && typeof err === "object") return { errorType: fallbackType || "Error", errorMessage: JSON.stringify(err), trace: [] };
  return { errorType: fallbackType || "string", errorMessage: String(err), trace: [] };
}

// A fatal error ends the whole host: the parent fails the environment it came from (when known)
// with it, and the host's other in-flight invocations with an exit error.
function fail(kind, err) {
  postNow({ t: "fatal", env: currentEnvId(), error: toError(err, kind) });
  process.exit(129);
}
process.on("unhandledRejection", (reason) => {
  const e = toError(reason);
  fail("Runtime.UnhandledPromiseRejection", Object.assign(new Error(e.errorType + ": " + e.errorMessage), { name: "Runtime.UnhandledPromiseRejection" }));
});
process.on("uncaughtException", (err) => fail("Error", err));
const hostExit = process.exit;
process.exit = function exit(code) {
  postNow({ t: "exiting", env: currentEnvId() });
  return hostExit.call(process, code);
};

function nearestType(dir) {
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, "utf8")).type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return "commonjs";
    dir = up;
  }
}

// The function's own files (under its task root, outside node_modules) get one instance per
// environment; node_modules, built-ins and the provided SDK are shared by the host's environments.
function ownFile(filename) {
  if (!host.realRoot || !filename.startsWith(host.realRoot + path.sep)) return false;
  const rel = filename.slice(host.realRoot.length);
  if (rel.includes(path.sep + "node_modules" + path.sep)) return false;
  return filename.endsWith(".js") || filename.endsWith(".cjs") || filename.endsWith(".json");
}

function requireIn(env, parent, request) {
  const filename = Module._resolveFilename(request, parent, false);
  if (!ownFile(filename)) return Module.prototype.require.call(parent, request);
  return loadOwn(env, filename, parent);
}

function loadOwn(env, filename, parent) {
  const cached = env.cache.get(filename);
  if (cached) return cached.exports;
  const m = new Module(filename, parent);
  m.require = function require(request) {
    return requireIn(env, m, request);
  };
  env.cache.set(filename, m);
  let ok = false;
  try {
    m.load(filename);
    ok = true;
  } finally {
    if (!ok) env.cache.delete(filename);
  }
  return m.exports;
}

// The function's own ES modules imported by an environment's module get that environment's
// "?env=N" too (a resolve hook). Registered only when a host gets its second environment of an
// ES module function: it starts Node's hooks thread, ~70 ms here, which the first environment of
// every host (the usual case) does not pay.
let hookRegistered = false;
const RESOLVE_HOOK = [
  "let root;",
  "export function initialize(data) { root = data.root; }",
  "export async function resolve(specifier, context, next) {",
  "  const r = await next(specifier, context);",
  "  const parent = context.parentURL;",
  "  const at = parent ? parent.indexOf('?env=') : -1;",
  "  if (at < 0 || !r.url.startsWith(root) || r.url.includes('/node_modules/') || r.url.includes('?')) return r;",
  "  return { ...r, url: r.url + parent.slice(at) };",
  "}",
].join("\n");
function perEnvironmentImports() {
  if (hookRegistered) return;
  hookRegistered = true;
  Module.register("data:text/javascript," + encodeURIComponent(RESOLVE_HOOK), { data: { root: pathToFileURL(host.realRoot).href + "/" } });
}

async function loadHandler(env) {
  const spec = host.handler;
  const root = host.taskRoot;
  const dot = spec.indexOf(".", spec.lastIndexOf("/") + 1);
  const file = dot < 0 ? spec : spec.slice(0, dot);
  const exportPath = dot < 0 ? [] : spec.slice(dot + 1).split(".");
  const base = path.resolve(root, file);
  if (!base.startsWith(path.resolve(root) + path.sep)) throw Object.assign(new Error("Bad handler " + spec), { name: "Runtime.MalformedHandlerName" });
  let found;
  for (const ext of [".js", ".mjs", ".cjs"]) {
    if (existsSync(base + ext)) { found = base + ext; break; }
  }
  if (!found) {
    const e = new Error("Error: Cannot find module '" + file + "'\nRequire stack:\n- /var/runtime/index.mjs");
    e.name = "Runtime.ImportModuleError";
    throw e;
  }
  let mod;
  try {
    const real = realpathSync(found);
    const esm = real.endsWith(".mjs") || (real.endsWith(".js") && nearestType(path.dirname(real)) === "module");
    if (esm) {
      // Each environment imports its own instance of the handler module, under its own URL.
      if (env.seq > 1) perEnvironmentImports();
      mod = await import(pathToFileURL(real).href + (env.seq === 1 ? "" : "?env=" + env.seq));
    } else {
      const exports = loadOwn(env, real, null);
      mod = exports !== null && (typeof exports === "object" || typeof exports === "function") ? exports : { default: exports };
    }
  } catch (err) {
    if (err instanceof SyntaxError) {
      const e = new Error(String(err));
      e.name = "Runtime.UserCodeSyntaxError";
      e.stack = err.stack;
      throw e;
    }
    if (err && err.code === "ERR_MODULE_NOT_FOUND" || err && err.code === "MODULE_NOT_FOUND") {
      const e = new Error(String(err));
      e.name = "Runtime.ImportModuleError";
      e.stack = err.stack;
      throw e;
    }
    throw err;
  }
  let fn = mod;
  for (const key of exportPath) fn = fn == null ? undefined : fn[key];
  if (typeof fn !== "function" && mod.default) {
    fn = mod.default;
    for (const key of exportPath) fn = fn == null ? undefined : fn[key];
  }
  if (typeof fn !== "function") {
    const e = new Error(spec + " is undefined or not exported");
    e.name = "Runtime.HandlerNotFound";
    throw e;
  }
  // Node.js 24 and later refuse handlers that declare a callback parameter (by arity, as AWS checks).
  if (baseEnv.AWS_EXECUTION_ENV === "AWS_Lambda_nodejs24.x" && fn.length >= 3) {
    const e = new Error(
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
    );
    e.name = "Runtime.CallbackHandlerDeprecated";
    throw e;
  }
  return fn;
}

// Max Memory Used is the process's resident set, as AWS measures the environment.
function memMb() {
  return Math.ceil(process.memoryUsage.rss() / 1048576);
}
function heapMb() {
  return Math.ceil(v8.getHeapStatistics().used_heap_size / 1048576);
}

function runOne(env, msg) {
  let settled = false;
  const finish = (err, value, raw) => {
    if (settled) return;
    settled = true;
    env.busy = false;
    const m = memMb();
    const h = heapMb();
    if (err !== undefined && err !== null) {
      post({ t: "error", env: env.id, id: msg.i, error: toError(err), memMb: m, heapMb: h });
      return;
    }
    let payload = raw;
    if (payload !== undefined) {
      post({ t: "result", env: env.id, id: msg.i, payload, memMb: m, heapMb: h });
      return;
    }
    try {
      payload = JSON.stringify(value === undefined ? null : value);
    } catch {
      post({ t: "error", env: env.id, id: msg.i, error: { errorType: "Runtime.JSONStringifyError", errorMessage: "Unable to stringify response body", trace: [] }, memMb: m, heapMb: h });
      return;
    }
    post({ t: "result", env: env.id, id: msg.i, payload: payload === undefined ? "null" : payload, memMb: m, heapMb: h });
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
    done: (err, value) => finish(err, value),
    succeed: (value) => finish(null, value),
    fail: (err) => finish(err === undefined ? new Error("handled") : err),
  };
  env.busy = true;
  let event;
  try {
    event = JSON.parse(msg.v);
  } catch {
    event = {};
  }
  try {
    // A callback answers once the event loop is empty, unless the handler turned that off (AWS's
    // callbackWaitsForEmptyEventLoop); the parent's timeout ends a wait that never empties. The
    // loop is the host's: other environments' work delays the answer.
    const callback = (err, value) => {
      if (!context.callbackWaitsForEmptyEventLoop) return finish(err, value);
      const check = () => {
        if (settled) return;
        if (ownResources() === 0) return finish(err, value);
        setTimeout(check, 5).unref();
      };
      setImmediate(check);
    };
    if (env.handler[STREAMING] === "response") return runStreaming(env, msg, event, context, finish);
    const out = env.handler(event, context, callback);
    if (out && typeof out.then === "function") {
      out.then((value) => finish(null, value), (err) => finish(err === undefined || err === null ? new Error(String(err)) : err));
    } else if (env.handler.length < 3) {
      finish(null, out);
    }
  } catch (err) {
    finish(err);
  }
}

function setUpHost(msg) {
  countHostPipes();
  Object.assign(host, msg);
  try {
    host.realRoot = realpathSync(msg.taskRoot);
  } catch {
    host.realRoot = msg.taskRoot;
  }
  for (const key of Object.keys(baseEnv)) delete baseEnv[key];
  Object.assign(baseEnv, msg.env);
  // Like AWS's Node.js runtimes, provide the AWS SDK to code that does not bundle it (CommonJS; ES
  // modules find it through the node_modules link beside extracted packages).
  if (msg.sdkModules) {
    baseEnv.NODE_PATH = msg.sdkModules;
    Module._initPaths();
  }
}

async function initEnv(msg) {
  const env = { id: msg.env, seq: ++envSeq, vars: msg.vars, context: msg.context, tmpDir: msg.vars.TMPDIR, handler: undefined, cache: new Map(), busy: false };
  envs.set(env.id, env);
  const started = performance.now();
  try {
    env.handler = await als.run({ env, requestId: undefined }, () => loadHandler(env));
  } catch (err) {
    envs.delete(env.id);
    post({ t: "initError", env: env.id, error: toError(err, "Runtime.Unknown") });
    return;
  }
  post({ t: "ready", env: env.id, initMs: performance.now() - started });
}

function onMessage(msg) {
  switch (msg.t) {
    case "i": {
      const env = envs.get(msg.e);
      if (env) als.run({ env, requestId: msg.r }, runOne, env, msg);
      return;
    }
    case "init":
      void initEnv(msg);
      return;
    case "host":
      setUpHost(msg);
      return;
    case "drop":
      envs.delete(msg.env);
      return;
    case "ping":
      postNow({ t: "pong" });
  }
}

// The resources of the host itself (its IPC channel, its stdout and stderr pipes) are not the
// handler's: an event loop "empty" for callbackWaitsForEmptyEventLoop is one with only those.
// Counted when the host is set up, before any function code runs.
let hostPipes = 0;
function countHostPipes() {
  void process.stdout;
  void process.stderr;
  hostPipes = process.getActiveResourcesInfo().filter((r) => r === "PipeWrap" || r === "TTYWrap").length;
}
function ownResources() {
  let pipes = hostPipes;
  let n = 0;
  for (const r of process.getActiveResourcesInfo()) {
    if ((r === "PipeWrap" || r === "TTYWrap") && pipes > 0) pipes--;
    else n++;
  }
  return n;
}

// The emulator is gone (its end of the channel closed): end this host and what it started.
process.on("disconnect", () => {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {}
  process.exit(0);
});

// The parent batches its messages too (an array: several at once).
process.on("message", (msg) => {
  if (Array.isArray(msg)) for (const m of msg) onMessage(m);
  else onMessage(msg);
});
` + STREAMING_SOURCE;
