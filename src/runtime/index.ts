/**
 * Lambda: the control plane (functions, versions, aliases, concurrency, event invoke configs,
 * permissions, tags, event source mappings) and the runtime that runs Node.js functions in
 * worker-thread execution environments.
 *
 * Gaps:
 * - Node.js runtimes only (nodejs20.x/22.x/24.x, all on this machine's Node); no layers, no
 *   container images, no SnapStart, no function URLs, no code signing, no response streaming.
 * - Environments are not frozen between invocations: timers a handler left running keep running.
 * - Max Memory Used is the environment's V8 heap, not the sandbox's RSS.
 * - EventBridge and S3 destinations are not delivered (SQS, SNS and Lambda are).
 * - Logs are always in the text format (LoggingConfig's JSON format and levels are stored only).
 *
 * By design:
 * - An environment is a worker thread in the emulator's process, not a micro-VM: memory limits are
 *   V8 heap limits (MemorySize), `process.chdir` is unavailable, and native addons are shared.
 * - CreateFunction answers `State: Pending` and the function is Active on the next read.
 * - Non-Node.js runtimes are rejected at CreateFunction (InvalidParameterValueException) rather
 *   than failing at the first invoke.
 * - GetFunction's Code.Location is a URL on the emulator (`/_local/lambda/code/...`).
 * - A few booted spare workers are kept per memory size in use, so a cold start only runs the
 *   function's own init (Node's worker start-up is ~40 ms of CPU on a small machine).
 *
 * Client quirks:
 * - The SDK URL-encodes ARNs in paths (`%3A`); the codec decodes each segment.
 */
import { defineService, type ServiceDef } from "../core/service.js";
import { handleDataPlane } from "./data-plane.js";
import { operations } from "./operations/index.js";
import { Runtime } from "./runtime.js";
import { migrations } from "./store.js";
import { startIntegrations } from "./integrations.js";

const CREATE_LIMIT = 70_167_211;

/** One definition per server (the manifest loads a fresh one), so each server has its own runtime. */
export function createService(): ServiceDef {
  let rt: Runtime | undefined;
  return defineService({
    name: "lambda",
    migrations,
    apis: [{ id: "lambda", protocol: "restJson1", endpointName: "lambda", maxBodyBytes: CREATE_LIMIT, operations }],
    start(env) {
      rt = new Runtime(env);
      startIntegrations(rt);
    },
    afterRestore() {
      rt?.afterRestore();
    },
    stop() {
      rt?.close();
    },
    handleHttp: handleDataPlane,
  });
}
