/**
 * The code each execution environment (a worker thread) runs: it loads the handler once (the init
 * phase), then serves one invocation at a time. Kept as plain JavaScript text and started with
 * `eval: true` so the same bytes run from src (tests) and dist (the package), whatever the loader.
 *
 * Messages to the parent: ready {initMs} | initError {error} | log {text} | result {id, payload,
 * memMb} | error {id, error, fatal}. From the parent: invoke {id, event, context, deadline}.
 */
export const BOOTSTRAP_SOURCE = String.raw`
"use strict";
const { parentPort } = require("node:worker_threads");
// Filled by the "init" message: a spare worker boots Node before it knows its function.
const workerData = {};
const { format } = require("node:util");
const { pathToFileURL } = require("node:url");
const { existsSync } = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");


let currentRequestId;
let current;
const post = (m) => parentPort.postMessage(m);
const levels = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE" };
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => {
    const text = new Date().toISOString() + "\t" + (currentRequestId ?? "undefined") + "\t" + level + "\t" + format(...args) + "\n";
    post({ t: "log", text });
  };
}
const rawWrite = (chunk, encoding, cb) => {
  post({ t: "log", text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
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

function fail(kind, err) {
  if (current) {
    post({ t: "error", id: current.id, error: toError(err, kind), fatal: true });
  } else {
    post({ t: "initError", error: toError(err, kind) });
  }
  process.exit(129);
}
process.on("unhandledRejection", (reason) => {
  const e = toError(reason);
  fail("Runtime.UnhandledPromiseRejection", Object.assign(new Error(e.errorType + ": " + e.errorMessage), { name: "Runtime.UnhandledPromiseRejection" }));
});
process.on("uncaughtException", (err) => fail("Error", err));

async function loadHandler() {
  const spec = workerData.handler;
  const root = workerData.taskRoot;
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
    mod = await import(pathToFileURL(found).href);
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
  if (process.env.AWS_EXECUTION_ENV === "AWS_Lambda_nodejs24.x" && fn.length >= 3) {
    const e = new Error(
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
    );
    e.name = "Runtime.CallbackHandlerDeprecated";
    throw e;
  }
  return fn;
}

let handler;
function runOne(msg) {
  const started = Date.now();
  currentRequestId = msg.context.awsRequestId;
  let settled = false;
  const finish = (err, value) => {
    if (settled) return;
    settled = true;
    const memMb = Math.ceil(v8.getHeapStatistics().used_heap_size / 1048576) + 30;
    if (err !== undefined && err !== null) {
      post({ t: "error", id: msg.id, error: toError(err), memMb });
    } else {
      let payload;
      try {
        payload = JSON.stringify(value === undefined ? null : value);
      } catch {
        post({ t: "error", id: msg.id, error: { errorType: "Runtime.JSONStringifyError", errorMessage: "Unable to stringify response body", trace: [] }, memMb });
        current = undefined;
        return;
      }
      post({ t: "result", id: msg.id, payload: payload === undefined ? "null" : payload, memMb });
    }
    current = undefined;
  };
  const context = {
    ...msg.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
    done: (err, value) => finish(err, value),
    succeed: (value) => finish(null, value),
    fail: (err) => finish(err === undefined ? new Error("handled") : err),
  };
  current = { id: msg.id, started };
  let event;
  try {
    event = JSON.parse(msg.event);
  } catch {
    event = {};
  }
  try {
    // A callback answers once the event loop is empty, unless the handler turned that off (AWS's
    // callbackWaitsForEmptyEventLoop); the parent's timeout ends a wait that never empties.
    const callback = (err, value) => {
      if (!context.callbackWaitsForEmptyEventLoop) return finish(err, value);
      const check = () => {
        if (settled) return;
        if (process.getActiveResourcesInfo().filter((r) => r !== "MessagePort").length === 0) return finish(err, value);
        setTimeout(check, 5).unref();
      };
      setImmediate(check);
    };
    const out = handler(event, context, callback);
    if (out && typeof out.then === "function") {
      out.then((value) => finish(null, value), (err) => finish(err === undefined || err === null ? new Error(String(err)) : err));
    } else if (handler.length < 3) {
      finish(null, out);
    }
  } catch (err) {
    finish(err);
  }
}

async function init(msg) {
  Object.assign(workerData, msg);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, msg.env);
  // Like AWS's Node.js runtimes, provide the AWS SDK to code that does not bundle it (CommonJS; ES
  // modules find it through the node_modules link beside extracted packages).
  if (msg.sdkModules) {
    process.env.NODE_PATH = msg.sdkModules;
    require("node:module")._initPaths();
  }
  const started = performance.now();
  try {
    handler = await loadHandler();
  } catch (err) {
    post({ t: "initError", error: toError(err, "Runtime.Unknown") });
    return;
  }
  post({ t: "ready", initMs: performance.now() - started });
}

parentPort.on("message", (msg) => {
  if (msg.t === "invoke") runOne(msg);
  else if (msg.t === "init") void init(msg);
});
`;
