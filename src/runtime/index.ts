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
 * - LoggingConfig JSON: platform records are initStart, start and report (no END record, no
 *   runtimeDone); output written straight to stdout stays as written.
 *
 * By design:
 * - An environment is not a micro-VM but lives in a worker thread of the emulator's process (a
 *   "host", see host.ts): memory limits are V8 heap limits, `process.chdir` is unavailable, and
 *   native addons are shared.
 * - A host is dedicated to ONE function version (code + configuration) and may run several of its
 *   environments: a new environment gets a new host while the version has fewer than
 *   `workersPerFunction` (os.availableParallelism()), else joins its least loaded host (up to
 *   `environmentsPerWorker`, 50). A bare worker costs ~30 ms of CPU to boot, which made a burst of
 *   100 cold starts take seconds. Each environment has its own init phase, its own instance of the
 *   function's own modules (CommonJS files outside node_modules through a per-environment module
 *   cache; ES modules under a `?env=N` URL, propagated to their own imports by a resolve hook
 *   registered on a host's second environment: ~70 ms once per host), log stream, TMPDIR and per-environment variables
 *   (AsyncLocalStorage follows which environment runs). No separate vm contexts: cross-realm
 *   Buffers would break the AWS SDK's instanceof checks. So node_modules packages, globalThis and
 *   writes to process.env are shared by a host's environments.
 * - The host's heap limit is MemorySize, shared by its environments (packing stops while the heap
 *   is over half of it). An OOM, `process.exit()`, fatal error, or a timeout while the host is
 *   stuck in a loop, in one environment ends its host: the host's other in-flight invocations fail
 *   with Runtime.ExitError naming the cause (on AWS they would have run in separate sandboxes). A
 *   timeout in a host that still answers a ping drains it: the others finish, then it ends.
 * - CreateFunction answers `State: Pending` and the function is Active on the next read.
 * - Non-Node.js runtimes are rejected at CreateFunction (InvalidParameterValueException) rather
 *   than failing at the first invoke.
 * - GetFunction's Code.Location is a URL on the emulator (`/_local/lambda/code/...`).
 * - A few booted spare workers are kept per memory size in use, so a function's first hosts
 *   start without waiting for Node's worker start-up.
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
