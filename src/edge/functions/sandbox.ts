/**
 * Runs a CloudFront Function in a fresh `node:vm` context with a time limit.
 *
 * NOT A SECURITY BOUNDARY: `vm` contexts share the process; code such as
 * `this.constructor.constructor('return process')()` can reach the host. It keeps honest code
 * honest (fresh globals per run, no timers, fetch, require or process in scope, a runaway stopped)
 * but must only run code you trust. Issue #25 asks for a stronger sandbox (a separate isolate with
 * a memory cap); this is the first step.
 */
import { Script, createContext } from "node:vm";

export interface FunctionRunResult {
  ok: boolean;
  /** The handler's return value, as JSON (copied out of the sandbox). */
  value?: unknown;
  error?: string;
  /** What the code wrote with console.log (CloudFront keeps them under /aws/cloudfront/function/<Name>). */
  logs: string[];
}

const TIME_LIMIT_MS = 50;

/** Compiles the code once to reject syntax errors at Create/Update time. */
export function compileError(code: string): string | undefined {
  try {
    new Script(`${code}\n;typeof handler`, { filename: "function.js" });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function runFunction(code: string, event: unknown, now: number): Promise<FunctionRunResult> {
  return Promise.resolve(runFunctionNow(code, event, now));
}

function runFunctionNow(code: string, event: unknown, now: number): FunctionRunResult {
  // Only plain data crosses in (a JSON string) and out (a JSON string or an error text).
  const context = createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false }, microtaskMode: "afterEvaluate" });
  const prelude = `"use strict";
var __out = { logs: [] };
var console = (function () {
  var log = function () { var parts = []; for (var i = 0; i < arguments.length; i++) { var a = arguments[i]; parts.push(typeof a === "string" ? a : JSON.stringify(a)); } if (__out.logs.length < 1000) __out.logs.push(parts.join(" ")); };
  return { log: log, info: log, warn: log, error: log, debug: log };
})();
(function () {
  var fixed = ${JSON.stringify(now)};
  var RealDate = Date;
  // Date is fixed at the start of the run, from the emulator's clock.
  Date = function (a, b, c, d, e, f, g) { return arguments.length === 0 ? new RealDate(fixed) : new (Function.prototype.bind.apply(RealDate, [null].concat([].slice.call(arguments))))(); };
  Date.now = function () { return fixed; };
  Date.UTC = RealDate.UTC; Date.parse = RealDate.parse; Date.prototype = RealDate.prototype;
})();\n`;
  const runner = `
;(function (eventJson, out) {
  var settle = function (v) { out.json = JSON.stringify(v === undefined ? null : v); out.done = true; };
  var fail = function (e) { out.error = String(e && e.message !== undefined ? e.message : e); out.done = true; };
  try {
    if (typeof handler !== "function") throw new Error("handler is not defined");
    Promise.resolve(handler(JSON.parse(eventJson))).then(settle, fail);
  } catch (e) { fail(e); }
})(${JSON.stringify(JSON.stringify(event))}, __out);`;
  try {
    const script = new Script(`${prelude}${code}\n${runner}`, { filename: "function.js" });
    script.runInContext(context, { timeout: TIME_LIMIT_MS });
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err), logs: logsOf(context) };
  }
  // Only strings are read back out of the sandbox.
  const raw = (context as { __out?: { json?: unknown; error?: unknown; done?: unknown } }).__out ?? {};
  const logs = logsOf(context);
  const out = { json: typeof raw.json === "string" ? raw.json : undefined, error: typeof raw.error === "string" ? raw.error : undefined, done: raw.done === true };
  if (out.error !== undefined) return { ok: false, error: out.error, logs };
  if (!out.done || out.json === undefined) return { ok: false, error: "The function did not return a value.", logs };
  return { ok: true, value: JSON.parse(out.json) as unknown, logs };
}

function logsOf(context: object): string[] {
  const logs = (context as { __out?: { logs?: unknown } }).__out?.logs;
  const out: string[] = [];
  if (Array.isArray(logs)) for (const l of logs.slice(0, 1000)) if (typeof l === "string") out.push(l);
  return out;
}
