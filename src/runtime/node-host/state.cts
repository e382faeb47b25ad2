/**
 * What a Node.js host process knows: its function (set by the parent's "host" message), its
 * environments, which environment the running code belongs to, and the outbox to the parent.
 * This folder is the program the host process runs (started by ../host-process.ts); it imports
 * nothing of the emulator, so a host boots with Node's built-ins only.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The function a host serves: sent once by the parent (a spare host boots before it knows it). */
export interface HostSetup {
  taskRoot: string;
  handler: string;
  sdkModules?: string;
  env: Record<string, string>;
  /** ApplicationLogLevel when the LoggingConfig format is JSON. */
  logLevel?: string;
}

export interface EnvironmentContext {
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

export type Handler = ((event: unknown, context: unknown, callback?: unknown) => unknown) & { [key: symbol]: unknown };

/** One execution environment of the host's function: its own handler instance, modules, variables. */
export interface HostEnvironment {
  id: number;
  /** 1 for the host's first environment (its ES modules load under their plain URL). */
  seq: number;
  vars: Record<string, string>;
  context: EnvironmentContext;
  tmpDir: string | undefined;
  handler: Handler | undefined;
  /** The function's own CommonJS modules, by file name. */
  cache: Map<string, NodeModule>;
  busy: boolean;
}

/** What follows callbacks and promises: the environment (and invocation) running code belongs to. */
export interface Running {
  env: HostEnvironment;
  requestId: string | undefined;
}

export type HostMessage = { t: string } & Record<string, unknown>;

export const host: HostSetup & { realRoot?: string } = { taskRoot: "", handler: "", env: {} };
export const envs = new Map<number, HostEnvironment>();

// Which environment running code belongs to. A host with one environment (the usual case) keeps
// it in a variable: AsyncLocalStorage's promise hooks cost every promise of a busy host (~13% of
// its CPU in profiles). From a host's second environment on, AsyncLocalStorage follows callbacks
// and promises; code without a context then belongs to the first environment (it started there).
const als = new AsyncLocalStorage<Running>();
let shared = false;
let solo: Running | undefined;

/** The environment (and invocation) the running code belongs to. */
export function running(): Running | undefined {
  return shared ? (als.getStore() ?? solo) : solo;
}

/** Runs `fn` as `context`'s code. */
export function runAs<A extends unknown[], R>(context: Running, fn: (...args: A) => R, ...args: A): R {
  if (shared) return als.run(context, fn, ...args);
  solo = context;
  return fn(...args);
}

/** The host gets a second environment: from now on contexts follow callbacks and promises. */
export function shareHost(): void {
  shared = true;
}
/** The host's own environment variables (process.env is replaced by a per-environment view). */
export const baseEnv: NodeJS.ProcessEnv = process.env;

const send = process.send!.bind(process);
// Messages to the parent leave batched per microtask checkpoint (one send wakes the parent once
// for all the invocations that finished together); a log line, a fatal error or an exit flushes
// at once, so output is not held back by code that never yields.
let outbox: HostMessage[] = [];

function flush(): void {
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  send(batch.length === 1 ? batch[0] : batch);
}

export function post(m: HostMessage): void {
  if (outbox.push(m) === 1) queueMicrotask(flush);
}

export function postNow(m: HostMessage): void {
  outbox.push(m);
  flush();
}

/** The environment running code belongs to (the only one when the host has one), else 0. */
export function currentEnvId(): number {
  const s = running();
  if (s) return s.env.id;
  if (envs.size === 1) for (const id of envs.keys()) return id;
  return 0;
}
