/**
 * Loads a function's handler in one environment, as AWS's Node.js runtime does (`file.export`,
 * .js/.mjs/.cjs, the module type from the function's own package.json files), with AWS's init
 * errors. The function's own files (under its task root, outside node_modules) get one instance
 * per environment; node_modules, built-ins and the provided SDK are shared by the host's
 * environments.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { baseEnv, host, type Handler, type HostEnvironment } from "./state.cjs";

/** The parts of Node's CommonJS loader a per-environment module cache needs (not in @types/node). */
interface CommonJsLoader {
  new (id: string, parent?: NodeModule | null): NodeModule & { load(filename: string): void };
  _resolveFilename(request: string, parent: NodeModule | null, isMain: boolean): string;
  _initPaths(): void;
  prototype: { require(this: NodeModule, request: string): unknown };
}
const Loader = Module as unknown as CommonJsLoader;

function named(name: string, message: string, stack?: string): Error {
  const e = new Error(message);
  e.name = name;
  if (stack !== undefined) e.stack = stack;
  return e;
}

function nearestType(dir: string): "module" | "commonjs" {
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: string }).type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return "commonjs";
    dir = up;
  }
}

function ownFile(filename: string): boolean {
  if (!host.realRoot || !filename.startsWith(host.realRoot + path.sep)) return false;
  const rel = filename.slice(host.realRoot.length);
  if (rel.includes(path.sep + "node_modules" + path.sep)) return false;
  return filename.endsWith(".js") || filename.endsWith(".cjs") || filename.endsWith(".json");
}

function requireIn(env: HostEnvironment, parent: NodeModule, request: string): unknown {
  const filename = Loader._resolveFilename(request, parent, false);
  if (!ownFile(filename)) return Loader.prototype.require.call(parent, request);
  return loadOwn(env, filename, parent);
}

function loadOwn(env: HostEnvironment, filename: string, parent: NodeModule | null): unknown {
  const cached = env.cache.get(filename);
  if (cached) return cached.exports;
  const m = new Loader(filename, parent);
  m.require = ((request: string) => requireIn(env, m, request)) as NodeJS.Require;
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
function perEnvironmentImports(): void {
  if (hookRegistered) return;
  hookRegistered = true;
  Module.register(pathToFileURL(path.join(__dirname, "resolve-hook.mjs")).href, { data: { root: pathToFileURL(host.realRoot ?? host.taskRoot).href + "/" } });
}

function findFile(base: string): string | undefined {
  for (const ext of [".js", ".mjs", ".cjs"]) if (existsSync(base + ext)) return base + ext;
  return undefined;
}

async function importModule(env: HostEnvironment, found: string): Promise<Record<string, unknown>> {
  try {
    const real = realpathSync(found);
    const esm = real.endsWith(".mjs") || (real.endsWith(".js") && nearestType(path.dirname(real)) === "module");
    if (esm) {
      // Each environment imports its own instance of the handler module, under its own URL.
      if (env.seq > 1) perEnvironmentImports();
      return (await import(pathToFileURL(real).href + (env.seq === 1 ? "" : "?env=" + env.seq))) as Record<string, unknown>;
    }
    const exports = loadOwn(env, real, null);
    return exports !== null && (typeof exports === "object" || typeof exports === "function") ? (exports as Record<string, unknown>) : { default: exports };
  } catch (err) {
    if (err instanceof SyntaxError) throw named("Runtime.UserCodeSyntaxError", String(err), err.stack);
    const code = (err as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") throw named("Runtime.ImportModuleError", String(err), (err as Error).stack);
    throw err;
  }
}

function exported(mod: unknown, exportPath: string[]): unknown {
  let fn = mod;
  for (const key of exportPath) fn = fn == null ? undefined : (fn as Record<string, unknown>)[key];
  return fn;
}

export async function loadHandler(env: HostEnvironment): Promise<Handler> {
  const spec = host.handler;
  const root = host.taskRoot;
  const dot = spec.indexOf(".", spec.lastIndexOf("/") + 1);
  const file = dot < 0 ? spec : spec.slice(0, dot);
  const exportPath = dot < 0 ? [] : spec.slice(dot + 1).split(".");
  const base = path.resolve(root, file);
  if (!base.startsWith(path.resolve(root) + path.sep)) throw named("Runtime.MalformedHandlerName", "Bad handler " + spec);
  const found = findFile(base);
  if (!found) throw named("Runtime.ImportModuleError", "Error: Cannot find module '" + file + "'\nRequire stack:\n- /var/runtime/index.mjs");
  const mod = await importModule(env, found);
  let fn = exported(mod, exportPath);
  if (typeof fn !== "function" && mod.default) fn = exported(mod.default, exportPath);
  if (typeof fn !== "function") throw named("Runtime.HandlerNotFound", spec + " is undefined or not exported");
  // Node.js 24 and later refuse handlers that declare a callback parameter (by arity, as AWS checks).
  if (baseEnv.AWS_EXECUTION_ENV === "AWS_Lambda_nodejs24.x" && fn.length >= 3) {
    throw named(
      "Runtime.CallbackHandlerDeprecated",
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
    );
  }
  return fn as Handler;
}

/** Like AWS's Node.js runtimes, provide the AWS SDK to CommonJS code that does not bundle it. */
export function provideSdk(modules: string): void {
  baseEnv.NODE_PATH = modules;
  Loader._initPaths();
}
