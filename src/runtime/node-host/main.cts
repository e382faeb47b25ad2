/**
 * The program a Node.js host process runs (started by ../host-process.ts with an IPC channel). A
 * host serves ONE function version (same code and configuration) and may run several execution
 * environments of it: each runs its own init phase, has its own instance of the function's own
 * modules, its own log stream and temporary directory, and serves one invocation at a time.
 *
 * From the parent: host {taskRoot, handler, sdkModules, env} (once) | init {env, vars, context} |
 * i {e: env, i: id, r: requestId, a: invokedFunctionArn, v: event, d: deadline, c: clientContext,
 * s: streaming} | drop {env} | ping. To the parent: ready {env, initMs} | initError {env, error} |
 * log {env, text} | chunk {env, id, data, ct} | result {env, id, payload, memMb} | error {env, id,
 * error, memMb} | fatal {env, error} | exiting {env} (then the process ends) | pong. Either way a
 * message may be an array of messages.
 */
import { realpathSync } from "node:fs";
import { installConsole, installEnvironmentViews } from "./console.cjs";
import { countHostPipes, runOne, toError, type InvokeMessage } from "./invoke.cjs";
import { loadHandler, provideSdk } from "./loader.cjs";
import { installAwsLambdaGlobal } from "./streaming.cjs";
import { baseEnv, currentEnvId, envs, host, post, postNow, runAs, shareHost, type EnvironmentContext, type HostEnvironment, type HostMessage, type HostSetup } from "./state.cjs";

let envSeq = 0;

// A fatal error ends the whole host: the parent fails the environment it came from (when known)
// with it, and the host's other in-flight invocations with an exit error.
function fail(kind: string, err: unknown): never {
  postNow({ t: "fatal", env: currentEnvId(), error: toError(err, kind) });
  process.exit(129);
}

function setUpHost(msg: HostSetup): void {
  countHostPipes();
  Object.assign(host, msg);
  try {
    host.realRoot = realpathSync(msg.taskRoot);
  } catch {
    host.realRoot = msg.taskRoot;
  }
  for (const key of Object.keys(baseEnv)) delete baseEnv[key];
  Object.assign(baseEnv, msg.env);
  // CommonJS code finds the SDK through NODE_PATH; ES modules through the node_modules link beside
  // extracted packages.
  if (msg.sdkModules) provideSdk(msg.sdkModules);
}

async function initEnv(msg: { env: number; vars: Record<string, string>; context: EnvironmentContext }): Promise<void> {
  const env: HostEnvironment = { id: msg.env, seq: ++envSeq, vars: msg.vars, context: msg.context, tmpDir: msg.vars.TMPDIR, handler: undefined, cache: new Map(), busy: false };
  envs.set(env.id, env);
  const started = performance.now();
  try {
    if (env.seq > 1) shareHost();
    env.handler = await runAs({ env, requestId: undefined }, () => loadHandler(env));
  } catch (err) {
    envs.delete(env.id);
    post({ t: "initError", env: env.id, error: toError(err, "Runtime.Unknown") });
    return;
  }
  post({ t: "ready", env: env.id, initMs: performance.now() - started });
}

function onMessage(msg: HostMessage): void {
  switch (msg.t) {
    case "i": {
      const m = msg as unknown as InvokeMessage;
      const env = envs.get(m.e);
      if (env) runAs({ env, requestId: m.r }, runOne, env, m);
      return;
    }
    case "init":
      void initEnv(msg as unknown as Parameters<typeof initEnv>[0]);
      return;
    case "host":
      setUpHost(msg as unknown as HostSetup);
      return;
    case "drop":
      envs.delete(msg.env as number);
      return;
    case "ping":
      postNow({ t: "pong" });
  }
}

installEnvironmentViews();
installConsole();
installAwsLambdaGlobal();

process.on("unhandledRejection", (reason) => {
  const e = toError(reason);
  fail("Runtime.UnhandledPromiseRejection", Object.assign(new Error(e.errorType + ": " + e.errorMessage), { name: "Runtime.UnhandledPromiseRejection" }));
});
process.on("uncaughtException", (err) => fail("Error", err));
const hostExit = process.exit.bind(process);
process.exit = function exit(code?: number | string | null): never {
  postNow({ t: "exiting", env: currentEnvId() });
  return hostExit(code);
} as typeof process.exit;

// The emulator is gone (its end of the channel closed): end this host and what it started.
process.on("disconnect", () => {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    // not a group leader
  }
  process.exit(0);
});

// The parent batches its messages too (an array: several at once).
process.on("message", (msg: HostMessage | HostMessage[]) => {
  if (Array.isArray(msg)) for (const m of msg) onMessage(m);
  else onMessage(msg);
});
