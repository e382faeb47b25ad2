/**
 * Lambda: the control plane (functions, versions, aliases, concurrency, event invoke configs,
 * permissions, tags, event source mappings, layers, function URLs) and the runtime that runs
 * functions in execution environments that are operating-system processes: Node.js host
 * processes (host.ts, the host program in node-host/), and for Python, Java, Ruby and custom runtimes a
 * process per environment speaking AWS's Runtime API (runtime-api.ts, runtime-api-host.ts, process-runtimes.ts).
 *
 * Gaps:
 * - .NET is refused at CreateFunction (no .NET runtime on these machines); no Java SnapStart, container
 *   images, code signing, Telemetry API; layer extensions start for process runtimes only. Node.js functions
 *   run on the emulator's Node, Python/Java/Ruby ones on the machine's python3/java/ruby, whatever version the
 *   runtime names (Java warns when older). EphemeralStorage: RLIMIT_FSIZE per process runtime and the
 *   environment's TMPDIR measured while invocations run (ephemeral-storage.ts), not a quota.
 * - Environments are not frozen between invocations: timers a handler left running keep running.
 * - Memory is sampled (every 50 ms while an invocation runs), not capped by the kernel.
 * - EventBridge and S3 destinations are not delivered (SQS, SNS and Lambda are).
 * - Kinesis event source mappings: no stream-consumer (enhanced fan-out) ARNs, no S3 on-failure
 *   destination; closed shards are read to their end before any open shard (AWS waits per lineage).
 * - LoggingConfig JSON: platform records are initStart/restoreStart, start and report (no END
 *   record, no runtimeDone); output written straight to stdout stays as written.
 * - Function URLs with AWS_IAM check that a SigV4 signature is present, not that it is valid.
 *
 * By design:
 * - A Node.js host process is dedicated to ONE function version (code + configuration) and may
 *   run several of its environments: a new environment gets a new host while the version has
 *   fewer than `workersPerFunction` (os.availableParallelism()), else joins its least loaded host
 *   (up to `environmentsPerWorker`, 50). A bare Node process costs ~40 ms of CPU to boot, which
 *   would make a burst of 100 cold starts take seconds. Each environment has its own init phase,
 *   its own instance of the function's own modules (CommonJS files outside node_modules through a
 *   per-environment module cache; ES modules under a `?env=N` URL, propagated to their own
 *   imports by a resolve hook registered on a host's second environment: ~70 ms once per host),
 *   log stream, TMPDIR and per-environment variables (from a host's second environment on,
 *   AsyncLocalStorage follows which environment runs). So node_modules packages, globalThis and writes to process.env are shared by a host's
 *   environments, and a kill, exit, fatal error or OOM in one ends the host: its other in-flight
 *   invocations fail with Runtime.ExitError naming the cause (on AWS they would have run in
 *   separate sandboxes). `environmentsPerWorker: 1` gives one process per environment.
 * - Every host leads a process group that is killed with it (timeout, discard), with processes
 *   that left the group found through /proc; resident memory past MemorySize is an OOM.
 * - Extracted code lives in a fresh temporary directory with a type-less package.json and an
 *   SDK-only node_modules, so where the emulator runs never changes how functions load.
 * - CreateFunction answers `State: Pending` and the function is Active on the next read.
 * - GetFunction's Code.Location is a URL on the emulator (`/_local/lambda/code/...`).
 * - A few booted spare host processes are kept per memory size in use, so a function's first
 *   hosts start without waiting for Node's start-up.
 * - SnapStart (Python) restores environments by fork() of a process that ran init once.
 * - Routes, input checks and wire shapes come from AWS's model (model.ts; docs/service-models.md),
 *   with AWS's Timeout <= 900 added; each operation is a file of operations/, found at load.
 *
 * Client quirks:
 * - The SDK URL-encodes ARNs in paths (`%3A`); the codec decodes each segment.
 */
import type { ServiceDef } from "../core/service.js";
import { handleDataPlane } from "./data-plane.js";
import { loadOperations } from "./operations/index.js";
import { Runtime } from "./runtime.js";
import { lambdaModel } from "./model.js";
import { lambdaService } from "./state.js";
import { migrations } from "./store.js";
import { startIntegrations } from "./integrations.js";

const CREATE_LIMIT = 70_167_211;

/** Each server builds its own runtime (the service's state) when it loads Lambda. */
export async function createService(): Promise<ServiceDef> {
  const operations = await loadOperations();
  return lambdaService({
    name: "lambda",
    migrations,
    apis: [{ id: "lambda", protocol: "restJson1", endpointName: "lambda", maxBodyBytes: CREATE_LIMIT, model: lambdaModel, operations }],
    createState: (env) => new Runtime(env),
    start(_env, rt) {
      startIntegrations(rt);
    },
    afterRestore(_env, rt) {
      rt.afterRestore();
    },
    stop(_env, rt) {
      rt.close();
    },
    handleHttp: handleDataPlane,
  });
}
