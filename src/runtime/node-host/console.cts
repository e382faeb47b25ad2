/**
 * What a handler's output and environment look like inside a host: console methods write AWS's
 * log lines (text, or LoggingConfig's JSON with ApplicationLogLevel), stdout and stderr go to the
 * running environment's log, and `process.env` and `os.tmpdir()` answer the running environment's
 * values (AsyncLocalStorage follows which one runs).
 */
import os from "node:os";
import { format } from "node:util";
import { baseEnv, currentEnvId, host, postNow, running } from "./state.cjs";

const levels: Record<string, string> = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE", fatal: "FATAL" };
const rank: Record<string, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

interface ErrorFields {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

// LoggingConfig's JSON format, as the Node.js runtime writes it: one object per call, an Error as
// {errorType, errorMessage, stackTrace}; calls below ApplicationLogLevel are dropped.
function errorFields(e: Error): ErrorFields {
  return { errorType: e.constructor?.name || "UnknownError", errorMessage: e.message, stackTrace: typeof e.stack === "string" ? e.stack.split("\n") : [] };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? errorFields(value) : value;
}

function jsonLine(timestamp: string, level: string, requestId: string | undefined, args: unknown[]): string {
  const out: Record<string, unknown> = { timestamp, level, requestId };
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
  const err = args.slice(1).find((a): a is Error => a instanceof Error);
  if (err) Object.assign(out, errorFields(err));
  return JSON.stringify(out);
}

function rawWrite(chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean {
  postNow({ t: "log", env: currentEnvId(), text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
  if (typeof encoding === "function") (encoding as () => void)();
  else if (typeof cb === "function") (cb as () => void)();
  return true;
}

export function installConsole(): void {
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [method, level] of Object.entries(levels)) {
    target[method] = (...args: unknown[]) => {
      const s = running();
      const requestId = s?.requestId || undefined;
      let text: string;
      if (host.logLevel) {
        if (rank[level]! < rank[host.logLevel]!) return;
        text = jsonLine(new Date().toISOString(), level, requestId, args) + "\n";
      } else {
        text = new Date().toISOString() + "\t" + (requestId || "undefined") + "\t" + level + "\t" + format(...args) + "\n";
      }
      postNow({ t: "log", env: s ? s.env.id : currentEnvId(), text });
    };
  }
  process.stdout.write = rawWrite as typeof process.stdout.write;
  process.stderr.write = rawWrite as typeof process.stderr.write;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The few variables that differ between the environments of one host (log stream, init type,
 * temporary directory) are read from the running environment; everything else is the host's.
 */
export function installEnvironmentViews(): void {
  process.env = new Proxy(baseEnv, {
    get(target, key) {
      const s = running();
      if (s && typeof key === "string" && hasOwn.call(s.env.vars, key)) return s.env.vars[key];
      return Reflect.get(target, key) as unknown;
    },
    getOwnPropertyDescriptor(target, key) {
      const s = running();
      if (s && typeof key === "string" && hasOwn.call(s.env.vars, key)) return { value: s.env.vars[key], writable: true, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  const hostTmpdir = os.tmpdir;
  os.tmpdir = function tmpdir(): string {
    const s = running();
    return s?.env.tmpDir ? s.env.tmpDir : hostTmpdir();
  };
}
