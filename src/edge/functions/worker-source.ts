/**
 * The CloudFront Functions worker, as JavaScript source (run with `eval: true`, so it loads the
 * same from src under a TS loader and from the build). Each run gets a fresh `vm` context whose
 * global is a null-prototype object, so the context reaches no object of another realm; the
 * helpers (console, require('crypto'|'querystring'|'buffer'), cf) are written inside the context
 * and reach the worker only through closures that take and return strings. If code escapes all
 * the same, it lands in this worker's realm (its own heap, capped by resourceLimits), whose
 * `process` has lost its bindings, environment and exit: never the server's globals.
 */
export const workerSource = String.raw`
"use strict";
const { parentPort } = require("node:worker_threads");
const vm = require("node:vm");
const nodeCrypto = require("node:crypto");
const { performance } = require("node:perf_hooks");
const v8 = require("node:v8");
const heapUsed = () => { const h = v8.getHeapStatistics(); return h.used_heap_size + (h.external_memory || 0); };

for (const k of ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "chdir", "setuid", "setgid", "abort", "reallyExit", "_kill", "send"]) {
  try { Object.defineProperty(process, k, { value: undefined, configurable: false, writable: false }); } catch {}
}
try { Object.defineProperty(process, "env", { value: Object.freeze({}), configurable: false, writable: false }); } catch {}
try { Object.defineProperty(process, "exit", { value: function () { throw new Error("process.exit is not available"); }, configurable: false, writable: false }); } catch {}

/** CloudFront Functions get 2 MB; heap growth during a run is measured with slack for V8's own bookkeeping. */
const MEMORY_LIMIT_BYTES = 2 * 1024 * 1024 + 6 * 1024 * 1024;
const scripts = new Map();
const kvs = new Map();

/** Primitive-only bridges (strings and numbers in, strings out; errors become strings). */
const bridge = {
  hash(alg, dataB64, key, outEnc) {
    try {
      const h = key === null ? nodeCrypto.createHash(alg) : nodeCrypto.createHmac(alg, Buffer.from(key, "base64"));
      h.update(Buffer.from(dataB64, "base64"));
      return "ok:" + h.digest(outEnc === "buffer" ? "base64" : outEnc);
    } catch (e) { return "err:" + String(e && e.message); }
  },
  encode(text, from, to) {
    try { return "ok:" + Buffer.from(text, from).toString(to); } catch (e) { return "err:" + String(e && e.message); }
  },
  kvsGet(store, key) {
    const m = kvs.get(store);
    if (!m) return "err:The KeyValueStore is not associated with the function.";
    return m.has(key) ? "ok:" + m.get(key) : "missing:";
  },
  kvsMeta(store) {
    const m = kvs.get(store);
    if (!m) return "err:The KeyValueStore is not associated with the function.";
    let size = 0; for (const [k, v] of m) size += k.length + v.length;
    return "ok:" + JSON.stringify({ creationDateTime: "", lastUpdatedDateTime: "", keyCount: m.size });
  },
  random(n) { return nodeCrypto.randomBytes(Math.min(1024, n >>> 0)).toString("base64"); },
};

/** Runs inside each context first (its source is sent in, not the function). */
function contextPrelude() {
  this.__out = { logs: [], bytes: 0 };
  this.console = (function () {
  var log = function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) { var a = arguments[i]; parts.push(typeof a === "string" ? a : JSON.stringify(a)); }
    var line = parts.join(" ");
    if (__out.bytes + line.length <= 10240) { __out.logs.push(line); __out.bytes += line.length; }
  };
  return { log: log, info: log, warn: log, error: log, debug: log };
})();
}

/** Builds the helpers inside a context from the bridges (closure-held, never properties). */
const contextHelpers = (function (b) {
  "use strict";
  var fixedNow = 0, kvsIds = [], runtime = "2.0";
  var g = this;
  var unwrap = function (s) { if (s.slice(0, 3) === "ok:") return s.slice(3); throw new Error(s.slice(4)); };
  var RealDate = Date;
  var FixedDate = function (a, b2, c, d, e, f, h) {
    if (!(this instanceof FixedDate)) return new RealDate(fixedNow).toString();
    if (arguments.length === 0) return new RealDate(fixedNow);
    if (arguments.length === 1) return new RealDate(a);
    return new RealDate(a, b2, c === undefined ? 1 : c, d || 0, e || 0, f || 0, h || 0);
  };
  FixedDate.now = function () { return fixedNow; };
  FixedDate.UTC = RealDate.UTC; FixedDate.parse = RealDate.parse; FixedDate.prototype = RealDate.prototype;
  g.Date = FixedDate;
  var toB64 = function (data, enc) {
    if (typeof data === "string") return unwrap(b.encode(data, enc || "utf8", "base64"));
    if (data && data.__bytes !== undefined) return data.__bytes;
    throw new TypeError("data must be a string or a Buffer");
  };
  function Buf(b64) { this.__bytes = b64; this.length = unwrap(b.encode(b64, "base64", "hex")).length / 2; }
  Buf.prototype.toString = function (enc) { return unwrap(b.encode(this.__bytes, "base64", enc || "utf8")); };
  var BufferShim = { from: function (v, enc) { if (v && v.__bytes !== undefined) return new Buf(v.__bytes); if (Array.isArray(v)) { var hex = ""; for (var i = 0; i < v.length; i++) hex += ("0" + (v[i] & 255).toString(16)).slice(-2); return new Buf(unwrap(b.encode(hex, "hex", "base64"))); } return new Buf(toB64(String(v), enc)); }, isBuffer: function (x) { return x instanceof Buf; } };
  var digester = function (alg, key) {
    var parts = [];
    var self = { update: function (data, enc) { parts.push(toB64(data, enc)); return self; }, digest: function (enc) {
      var joined = ""; for (var i = 0; i < parts.length; i++) joined += unwrap(b.encode(parts[i], "base64", "hex"));
      var out = unwrap(b.hash(alg, unwrap(b.encode(joined, "hex", "base64")), key, enc || "buffer"));
      return enc ? out : new Buf(out);
    } };
    return self;
  };
  var crypto = {
    createHash: function (alg) { return digester(String(alg), null); },
    createHmac: function (alg, key) { return digester(String(alg), toB64(key)); },
  };
  var querystring = {
    parse: function (s) { var o = {}; String(s || "").split("&").forEach(function (p) { if (!p) return; var i = p.indexOf("="); var k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, " ")); var v = i < 0 ? "" : decodeURIComponent(p.slice(i + 1).replace(/\+/g, " ")); if (o[k] === undefined) o[k] = v; else if (Array.isArray(o[k])) o[k].push(v); else o[k] = [o[k], v]; }); return o; },
    stringify: function (o) { return Object.keys(o || {}).map(function (k) { var v = o[k]; return (Array.isArray(v) ? v : [v]).map(function (x) { return encodeURIComponent(k) + "=" + encodeURIComponent(x === undefined ? "" : x); }).join("&"); }).join("&"); },
    escape: encodeURIComponent, unescape: decodeURIComponent,
  };
  querystring.decode = querystring.parse; querystring.encode = querystring.stringify;
  var kvsHandle = function (id) {
    var store = id === undefined ? kvsIds[0] : id;
    var get = function (key, opts) {
      var r = b.kvsGet(store, String(key));
      if (r.slice(0, 8) === "missing:") return Promise.reject(new Error("Key " + key + " not found"));
      var v = unwrap(r);
      if (opts && opts.format === "json") return Promise.resolve(JSON.parse(v));
      if (opts && opts.format === "bytes") return Promise.resolve(BufferShim.from(v));
      return Promise.resolve(v);
    };
    return {
      get: get,
      exists: function (key) { var r = b.kvsGet(store, String(key)); if (r.slice(0, 8) === "missing:") return Promise.resolve(false); unwrap(r); return Promise.resolve(true); },
      meta: function () { return Promise.resolve(JSON.parse(unwrap(b.kvsMeta(store)))); },
    };
  };
  var cf = {
    kvs: kvsHandle,
    updateRequestOrigin: function (params) { __out.origin = JSON.stringify(params === undefined ? null : params); },
    selectRequestOriginById: function (id) { __out.originId = String(id); },
  };
  var v1 = { crypto: crypto, querystring: querystring, cloudfront: cf };
  var v2 = { crypto: crypto, querystring: querystring, cloudfront: cf, buffer: { Buffer: BufferShim } };
  var modules = v2;
  g.require = function (name) { var m = Object.prototype.hasOwnProperty.call(modules, name) ? modules[name] : undefined; if (!m || name === "cloudfront") throw new Error("Cannot find module '" + name + "'"); return m; };
  g.__modules = modules;
  // Per run: the clock reading, the associated stores and the runtime's extra globals.
  return function configure(now, idsJson, rt) {
    fixedNow = now; kvsIds = JSON.parse(idsJson); runtime = rt;
    g.__out = { logs: [], bytes: 0 };
    modules = rt === "2.0" ? v2 : v1;
    g.__modules = modules;
    if (rt === "2.0") g.Buffer = BufferShim; else delete g.Buffer;
  };
});

// Compiled once, run in every context.
const helpersScript = new vm.Script("(function (b) { return (" + contextHelpers.toString() + ").call(globalThis, b); })", { filename: "helpers.js" });
const preludeScript = new vm.Script("(" + contextPrelude.toString() + ").call(this); delete this.WebAssembly; delete this.SharedArrayBuffer; delete this.Atomics; delete this.FinalizationRegistry; delete this.WeakRef; (function (e) { __eventJson = e; })", { filename: "prelude.js" });
const logsScript = new vm.Script("JSON.stringify(__out.logs)", { filename: "logs.js" });
/**
 * Run once a context is prepared: freezes the intrinsics and helpers (a run cannot change what the
 * next one sees) and answers a function that puts the global bindings back as they were (a run's
 * own globals are removed). With each run's declarations scoped to its own call, a reused context
 * then gives every run fresh globals at a fraction of a new context's cost. The global's data
 * properties are made non-configurable (still writable): a run can reassign one (put back by a
 * plain comparison) but not delete it or turn it into an accessor, so the reset reads no
 * descriptors and walks the global's names only when their count changed.
 */
function sealer(g) {
  "use strict";
  var seen = new Set();
  var freeze = function (v) {
    if ((typeof v !== "object" && typeof v !== "function") || v === null || seen.has(v)) return;
    seen.add(v);
    Object.freeze(v);
    var names = Object.getOwnPropertyNames(v);
    for (var i = 0; i < names.length; i++) {
      var d = Object.getOwnPropertyDescriptor(v, names[i]);
      if (d && "value" in d) freeze(d.value);
      if (d && d.get) freeze(d.get);
      if (d && d.set) freeze(d.set);
    }
    freeze(Object.getPrototypeOf(v));
  };
  // Written by every run: pinned, their values left alone.
  var perRun = new Set(["__out", "__eventJson"]);
  var known = new Set();
  var pinned = [];
  var loose = [];
  var names = Object.getOwnPropertyNames(g);
  for (var i = 0; i < names.length; i++) {
    var k = names[i];
    if (k === "__result") continue;
    known.add(k);
    var d = Object.getOwnPropertyDescriptor(g, k);
    if (!perRun.has(k) && k !== "globalThis" && "value" in d) freeze(d.value);
    // Buffer comes and goes with the runtime (configure deletes it for 1.0): compared by descriptor.
    if ("value" in d && d.configurable && k !== "Buffer") {
      // The whole descriptor: a vm global given only { configurable } loses its value.
      Object.defineProperty(g, k, { value: d.value, writable: d.writable, enumerable: d.enumerable, configurable: false });
      if (d.writable && !perRun.has(k)) pinned.push([k, d.value]);
    } else if (d.configurable) {
      loose.push([k, d]);
    }
  }
  freeze(Object.getPrototypeOf(g));
  var count = Object.getOwnPropertyNames(g).length - (Object.prototype.hasOwnProperty.call(g, "__result") ? 1 : 0);
  return function reset() {
    delete g.__result;
    for (var i = 0; i < loose.length; i++) {
      var k = loose[i][0], d = loose[i][1];
      var cur = Object.getOwnPropertyDescriptor(g, k);
      if (!cur || cur.value !== d.value || cur.get !== d.get || cur.set !== d.set) Object.defineProperty(g, k, d);
    }
    for (var j = 0; j < pinned.length; j++) {
      if (g[pinned[j][0]] === pinned[j][1]) continue;
      g[pinned[j][0]] = pinned[j][1];
      // One a run made read-only cannot be put back (strict mode throws): the caller drops the context.
      if (g[pinned[j][0]] !== pinned[j][1]) throw new Error("global changed for good");
    }
    var now = Object.getOwnPropertyNames(g);
    if (now.length === count) return;
    for (var n = 0; n < now.length; n++) if (!known.has(now[n])) delete g[now[n]];
    if (Object.getOwnPropertyNames(g).length !== count) throw new Error("globals left over");
  };
}
const sealScript = new vm.Script("(" + sealer.toString() + ")(globalThis)", { filename: "seal.js" });

function prepareContext() {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: "afterEvaluate" });
  // The prelude also deletes WebAssembly and the shared-memory globals (not CloudFront's).
  const setEvent = preludeScript.runInContext(context);
  const configure = helpersScript.runInContext(context)(bridge);
  // Buffer exists in 2.0 only: configured before sealing so both runtimes' bindings are kept.
  configure(0, "[]", "2.0");
  setEvent("null");
  const reset = sealScript.runInContext(context);
  return { context, setEvent, configure, reset };
}

/** A context per function code, reused run after run (reset between runs, dropped after a failure). */
const byCode = new Map();
const MAX_CONTEXTS = 64;

const warm = [];
const WARM = 2;
let refilling = false;
function refill() {
  if (refilling) return;
  refilling = true;
  setImmediate(() => {
    refilling = false;
    while (warm.length < WARM) warm.push(prepareContext());
  });
}

function scriptFor(code, runtime) {
  const key = runtime + "\u0000" + code;
  let s = scripts.get(key);
  if (s) return s;
  // runtime 2.0's imports of the built-in modules.
  const source = runtime === "2.0" ? code.replace(/^[ \t]*import\s+([A-Za-z_$][\w$]*)\s+from\s+['"](cloudfront|crypto|querystring|buffer)['"];?/gm, "var $1 = __modules.$2;") : code;
  // The result, the logs and the origin calls leave as one string, written within the timed run.
  const runner = "\n;(function (eventJson, out, g) {\n  var settle = function (v) { g.__result = JSON.stringify({ json: JSON.stringify(v === undefined ? null : v), logs: out.logs, origin: out.origin, originId: out.originId }); };\n  var fail = function (e) { g.__result = JSON.stringify({ error: String(e && e.message !== undefined ? e.message : e), logs: out.logs }); };\n  try {\n    if (typeof handler !== \"function\") throw new Error(\"handler is not defined\");\n    var r = handler(JSON.parse(eventJson));\n    if (r && typeof r.then === \"function\") r.then(settle, fail); else settle(r);\n  } catch (e) { fail(e); }\n})(__eventJson, __out, this);";
  // Each run's declarations live in its own call: nothing a run declares is there for the next.
  s = new vm.Script('(function () {"use strict";\n' + source + runner + "\n}).call(globalThis);", { filename: "function.js" });
  if (scripts.size > 500) scripts.clear();
  scripts.set(key, s);
  return s;
}

function run(msg) {
  const key = msg.runtime + "\u0000" + msg.code;
  let prepared = byCode.get(key);
  if (prepared) byCode.delete(key);
  else {
    prepared = warm.pop() || prepareContext();
    refill();
  }
  const result = runIn(prepared, msg);
  if (result.ok) {
    try {
      prepared.reset();
      byCode.set(key, prepared);
      if (byCode.size > MAX_CONTEXTS) byCode.delete(byCode.keys().next().value);
    } catch {}
  }
  return result;
}

function runIn(prepared, msg) {
  const context = prepared.context;
  const started = performance.now();
  const heapBefore = heapUsed();
  try {
    prepared.configure(msg.now, JSON.stringify(msg.kvsIds || []), msg.runtime);
    prepared.setEvent(msg.eventJson);
    scriptFor(msg.code, msg.runtime).runInContext(context);
  } catch (e) {
    return { ok: false, error: String(e && e.message), logs: logsOf(context), micros: (performance.now() - started) * 1000 };
  }
  // A descriptor read runs no code of the function's (a getter would).
  const d = Object.getOwnPropertyDescriptor(context, "__result");
  const micros = (performance.now() - started) * 1000;
  let out;
  try {
    out = d && typeof d.value === "string" ? JSON.parse(d.value) : undefined;
  } catch {
    out = undefined;
  }
  if (!out || typeof out !== "object") return { ok: false, error: "The function did not return a value.", logs: logsOf(context), micros };
  const logs = Array.isArray(out.logs) ? out.logs.filter((l) => typeof l === "string").slice(0, 1000) : [];
  if (heapUsed() - heapBefore > MEMORY_LIMIT_BYTES) return { ok: false, error: "The function exceeded the maximum memory.", logs, micros };
  const json = typeof out.json === "string" ? out.json : undefined;
  if (typeof out.error === "string") return { ok: false, error: out.error, logs, micros };
  if (json === undefined) return { ok: false, error: "The function did not return a value.", logs, micros };
  return { ok: true, json, logs, micros, origin: typeof out.origin === "string" ? out.origin : undefined, originId: typeof out.originId === "string" ? out.originId : undefined };
}

function logsOf(context) {
  try {
    const text = logsScript.runInContext(context);
    const logs = JSON.parse(String(text));
    return Array.isArray(logs) ? logs.filter((l) => typeof l === "string").slice(0, 1000) : [];
  } catch { return []; }
}

function compile(msg) {
  try {
    if (msg.runtime === "1.0") {
      const es5 = es5Problem(msg.code);
      if (es5) return { ok: false, error: es5 };
    }
    scriptFor(msg.code, msg.runtime);
    return { ok: true };
  } catch (e) { return { ok: false, error: String(e && e.message) }; }
}

/** Runtime 1.0 is ES 5.1: no let/const, arrows, template literals, classes or async. */
function es5Problem(code) {
  const stripped = code.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  const m = /\b(let|const|class|async|await)\b|=>|\x60/.exec(stripped);
  return m ? "SyntaxError: Unexpected token '" + m[0] + "' (cloudfront-js-1.0 is ECMAScript 5.1)" : undefined;
}

// The server's watchdog reads which run this worker is in: [runs started, busy, current id].
const runState = require("node:worker_threads").workerData.runState;

parentPort.on("message", (msg) => {
  if (!Array.isArray(msg)) {
    if (msg.kind === "kvs") kvs.set(msg.store, new Map(msg.entries));
    if (msg.kind === "kvs-drop") kvs.delete(msg.store);
    return;
  }
  const answers = [];
  for (const m of msg) {
    Atomics.store(runState, 2, m.id);
    Atomics.add(runState, 0, 1);
    Atomics.store(runState, 1, 1);
    const result = m.kind === "compile" ? compile(m) : run(m);
    Atomics.store(runState, 1, 0);
    answers.push({ id: m.id, ...result });
  }
  parentPort.postMessage(answers);
});
refill();
`;
