/**
 * The Lambda runtime of one server: resolves functions and qualifiers, counts concurrency and
 * throttles as AWS does, runs invocations in pooled environments, and writes their logs and
 * metrics. It is the Lambda service's state (state.ts): operations receive it as their third argument.
 */
import { join } from "node:path";
import { realTime } from "../core/clock.js";
import { arns } from "../core/arn.js";
import type { Scope } from "../core/events.js";
import { requestId as newRequestId } from "../core/ids.js";
import type { ServiceEnv } from "../core/service.js";
import { AsyncQueue } from "./async-invocations.js";
import { CodeStore } from "./code.js";
import { ConcurrencyGate } from "./concurrency.js";
import { Environment, type FunctionError, type InvokeOutcome } from "./environment.js";
import { environmentVariables } from "./environment-variables.js";
import { resolveFunction, type ResolvedFunction } from "./function-resolution.js";
import { Hosts } from "./hosts.js";
import { lambdaErrors } from "./errors.js";
import { InvocationLog, LogShipper, logStreamName } from "./logs.js";
import { InvocationResult } from "./invocation-result.js";
import { applicationLevel, isJsonFormat, platformLines, type PlatformLines } from "./log-format.js";
import { Metrics } from "./metrics.js";
import { MappingPollers } from "./event-source-mappings/poller.js";
import { EnvironmentPool, type PooledEnvironment } from "./pool.js";
import { layerCodeIds } from "./layers.js";
import { processSpec } from "./process-runtimes.js";
import { RuntimeApiHost } from "./runtime-api-host.js";
import { Snapshots, type SnapshotTemplate } from "./snapstart.js";
import { SpareWorkers } from "./spare-workers.js";
import { readSettings, type RuntimeSettings } from "./runtime-settings.js";
import { statements, type FunctionRow, type Statements } from "./store.js";

export type { ResolvedFunction } from "./function-resolution.js";
export type { RuntimeSettings } from "./runtime-settings.js";

export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
export const SYNC_RESPONSE_LIMIT = 6 * 1024 * 1024;

export { InvocationResult };

export class Runtime {
  readonly stmts: Statements;
  readonly code: CodeStore;
  readonly pool: EnvironmentPool;
  readonly metrics: Metrics;
  readonly settings: RuntimeSettings;
  readonly logs: LogShipper;
  readonly asyncQueue: AsyncQueue;
  readonly spares: SpareWorkers;
  readonly hosts: Hosts;
  readonly concurrency: ConcurrencyGate;
  readonly snapshots = new Snapshots();
  /** Event source mappings' pollers (SQS, DynamoDB streams, Kinesis). */
  readonly mappings: MappingPollers;
  /** Provisioned concurrency whose init failed, by version key prefix: the reason (provisioned.ts). */
  readonly provisioningFailures = new Map<string, string>();
  /** Bumped when a config-declared function's files change: part of the pool key. */
  readonly codeGeneration = new Map<string, number>();

  /** Bumped by every write to functions, versions, aliases or settings: resolve() caches by it. */
  private generation = 0;
  private resolved = new Map<string, { generation: number; value: ResolvedFunction }>();

  constructor(readonly env: ServiceEnv) {
    this.stmts = statements(env.store);
    const asyncOnly = new Set(["insertAsync", "rescheduleAsync", "deleteAsync", "putEsm", "deleteEsm"]);
    for (const [key, stmt] of Object.entries(this.stmts)) {
      if (asyncOnly.has(key) || !/^\s*(INSERT|UPDATE|DELETE)/i.test(stmt.sql)) continue;
      const run = stmt.run.bind(stmt);
      stmt.run = (...params) => {
        this.generation++;
        return run(...params);
      };
    }
    this.code = new CodeStore(env.blobs);
    this.settings = readSettings(env.settings.config);
    this.pool = new EnvironmentPool(env.clock, this.settings.maxWorkers, this.settings.idleSeconds * 1000);
    this.metrics = new Metrics(this.settings.prices);
    this.logs = new LogShipper(() => env.ports.get("LogSink"), env.log, (p) => void env.bus.track(p));
    this.asyncQueue = new AsyncQueue(this);
    this.concurrency = new ConcurrencyGate(
      () => this.settings.accountConcurrency,
      (scope) => this.stmts.sumReserved.get(scope.accountId, scope.region, "")?.total ?? 0,
      () => this.generation,
      this.metrics,
    );
    this.spares = new SpareWorkers(this.settings.spareWorkers);
    this.hosts = new Hosts(this.settings, (memoryMb) => this.spares.take(memoryMb));
    this.mappings = new MappingPollers(this);
  }

  functionArn(scope: Scope, name: string, qualifier?: string): string {
    return arns.lambdaFunction(scope.region, scope.accountId, name, qualifier);
  }

  functionRow(scope: Scope, name: string): FunctionRow | undefined {
    return this.stmts.getFunction.get(scope.accountId, scope.region, name);
  }

  /** Finds a function by name or ARN and the version a qualifier points at (cached until a write). */
  resolve(scope: Scope, fn: string, qualifierParam?: string): ResolvedFunction {
    const key = `${scope.accountId}\0${scope.region}\0${fn}\0${qualifierParam ?? ""}`;
    const hit = this.resolved.get(key);
    if (hit && hit.generation === this.generation) return hit.value;
    const value = resolveFunction(this.stmts, scope, fn, qualifierParam);
    if (this.resolved.size > 10_000) this.resolved.clear();
    this.resolved.set(key, { generation: this.generation, value });
    return value;
  }

  private poolKey(f: ResolvedFunction): string {
    const gen = this.codeGeneration.get(`${f.scope.accountId}:${f.scope.region}:${f.name}`) ?? 0;
    return `${f.scope.accountId}:${f.scope.region}:${f.name}:${f.version}:${f.config.RevisionId ?? ""}:${gen}`;
  }

  /** Ends the idle environments of a function (all versions) — after an update or delete. */
  discardEnvironments(scope: Scope, name: string, version?: string): void {
    const prefix = `${scope.accountId}:${scope.region}:${name}:${version === undefined ? "" : `${version}:`}`;
    this.pool.discardWhere((p) => p.key.startsWith(prefix));
    this.snapshots.discardWhere((key) => key.startsWith(prefix));
  }

  private spawn(f: ResolvedFunction, provisioned: boolean, initLog: (text: string) => void): PooledEnvironment {
    const stream = logStreamName(this.env.clock, f.version);
    const taskRoot = this.code.taskRoot(f.codeId);
    const memoryMb = f.config.MemorySize ?? 128;
    const tmpDir = this.code.environmentTmp();
    const variables = environmentVariables(f, this.env.endpoint(), stream, provisioned ? "provisioned-concurrency" : "on-demand", taskRoot);
    const context = {
      functionName: f.name,
      functionVersion: f.version,
      memoryLimitInMB: String(memoryMb),
      logGroupName: f.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${f.name}`,
      logStreamName: stream,
    };
    const snapStart = f.version !== "$LATEST" && f.config.SnapStart?.OptimizationStatus === "On";
    if (snapStart) variables.AWS_LAMBDA_INITIALIZATION_TYPE = "snap-start";
    const opt = this.code.optDir(layerCodeIds(this, f.config.Layers));
    // Node.js resolves packages from layers as AWS's NODE_PATH orders them, then the provided SDK.
    const sdkModules = [...(opt ? [join(opt, "nodejs", "node20", "node_modules"), join(opt, "nodejs", "node_modules")] : []), this.code.sdkDir].join(":");
    const ephemeralBytes = (f.config.EphemeralStorage?.Size ?? 512) * 1024 * 1024;
    const spec = { taskRoot, handler: f.config.Handler ?? "index.handler", memoryMb, sdkModules, tmpDir, ephemeralBytes, context, env: { ...variables, TMPDIR: tmpDir, TMP: tmpDir, TEMP: tmpDir } };
    const key = this.poolKey(f);
    const logLevel = applicationLevel(f.config.LoggingConfig);
    const runtime = f.config.Runtime ?? "nodejs20.x";
    const host = runtime.startsWith("nodejs")
      ? this.hosts.place(key, memoryMb, () => ({ taskRoot, handler: spec.handler, sdkModules, env: spec.env, ...(logLevel ? { logLevel } : {}) }))
      : new RuntimeApiHost(
          { ...processSpec(runtime, taskRoot, spec.env, this.code.runtimeDir, { opt }), ...(snapStart ? { snapshot: this.snapshotOf(f, key) } : {}) },
          memoryMb,
          10_000,
        );
    const env = new Environment(spec, initLog, host);
    return { env, key, logStream: stream, provisioned, lastUsed: this.env.clock.now() };
  }

  /** A SnapStart version's snapshot: its init phase, run once (see snapstart.ts). */
  private snapshotOf(f: ResolvedFunction, key: string): SnapshotTemplate {
    return this.snapshots.get(key, () => {
      const taskRoot = this.code.taskRoot(f.codeId);
      const opt = this.code.optDir(layerCodeIds(this, f.config.Layers));
      const vars = environmentVariables(f, this.env.endpoint(), "snapshot", "snap-start", taskRoot);
      return processSpec(f.config.Runtime ?? "python3.12", taskRoot, vars, this.code.runtimeDir, { opt });
    });
  }

  /** PublishVersion of a SnapStart function takes the version's snapshot right away. */
  prepareSnapshot(f: ResolvedFunction): void {
    this.snapshotOf(f, this.poolKey(f));
  }

  /** Starts one provisioned environment; resolves when its init phase is over. */
  async provision(f: ResolvedFunction): Promise<boolean> {
    const pooled = this.spawn(f, true, () => {});
    const init = await pooled.env.init;
    if (!init.ok) {
      pooled.env.kill();
      return false;
    }
    this.pool.addProvisioned(pooled);
    return true;
  }

  /** False once the function's code or configuration changed (or it was deleted) mid-invocation. */
  private stillCurrent(f: ResolvedFunction, key: string): boolean {
    try {
      return this.poolKey(this.resolve(f.scope, f.name, f.version)) === key;
    } catch {
      return false;
    }
  }

  /** The version an alias with weighted routing sends this invocation to. */
  private route(f: ResolvedFunction): ResolvedFunction {
    if (!f.routing) return f;
    let roll = Math.random();
    for (const [version, weight] of Object.entries(f.routing)) {
      roll -= weight;
      if (roll < 0) {
        const v = this.resolve(f.scope, f.name, version);
        return { ...v, qualifier: f.qualifier, invokedArn: f.invokedArn };
      }
    }
    return f;
  }

  /** Runs one invocation now (throttling with a 429 when over a concurrency limit). */
  async invoke(
    target: ResolvedFunction,
    payload: string,
    opts: { invocationType: "RequestResponse" | "Event"; requestId?: string; clientContext?: string; onChunk?: (chunk: Buffer, contentType?: string) => void },
  ): Promise<InvocationResult> {
    const f = this.route(target);
    if (f.config.State === "Pending") {
      throw lambdaErrors.conflict("The operation cannot be performed at this time. The function is currently in the following state: Pending");
    }
    const release = this.concurrency.admit(f);
    const requestId = opts.requestId ?? newRequestId();
    const log = new InvocationLog(this.env.clock);
    const group = f.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${f.name}`;
    let initLines: InvocationLog | undefined;
    const lines = isJsonFormat(f.config.LoggingConfig) ? platformLines(f.config.LoggingConfig, this.now) : (this.textLines ??= platformLines(undefined, this.now));
    try {
      const waitedBefore = this.pool.waitedForWorker;
      const { pooled, cold } = await this.pool.acquire(this.poolKey(f), () => this.spawn(f, false, (t) => (initLines ??= new InvocationLog(this.env.clock)).add(t)));
      if (this.pool.waitedForWorker !== waitedBefore) this.metrics.waitedForWorker++;
      let initMs: number | undefined;
      let initFailed = false;
      let outcome: InvokeOutcome | undefined;
      const started = realTime.monotonicMs();
      let restoreMs: number | undefined;
      if (cold) {
        const init = await pooled.env.init;
        const restored = init.ok && init.restore === true;
        log.add(restored ? lines.restoreStart(f.config.Runtime ?? "python3.12", f.scope.region, f.name, f.version) : lines.initStart(f.config.Runtime ?? "nodejs20.x", f.scope.region, "on-demand", f.name, f.version));
        for (const e of initLines?.events ?? []) log.add(e.message);
        if (restored) {
          restoreMs = init.initMs;
          log.add(lines.restoreReport(init.initMs));
        } else initMs = init.initMs;
        log.add(lines.start(requestId, f.version));
        if (!init.ok) {
          initFailed = true;
          outcome = { kind: "error", error: init.error, durationMs: realTime.monotonicMs() - started, memMb: 0, fatal: true };
          log.add(lines.initError(init.error));
        }
      } else {
        log.add(lines.start(requestId, f.version));
      }
      outcome ??= await pooled.env.invoke({
        requestId,
        event: payload,
        timeoutMs: (f.config.Timeout ?? 3) * 1000,
        invokedFunctionArn: f.invokedArn,
        ...(opts.clientContext ? { clientContext: safeJson(opts.clientContext) } : {}),
        onLog: (t) => log.add(t),
        ...(opts.onChunk ? { onChunk: opts.onChunk } : {}),
      });
      if ((outcome.kind === "error" && outcome.fatal) || !this.stillCurrent(f, pooled.key)) this.pool.discard(pooled);
      else this.pool.release(pooled);

      let responsePayload: string;
      let error: FunctionError | undefined;
      if (outcome.kind === "success") {
        responsePayload = outcome.payload;
        if (opts.invocationType === "RequestResponse" && Buffer.byteLength(responsePayload) > SYNC_RESPONSE_LIMIT) {
          error = { errorType: "Function.ResponseSizeTooLarge", errorMessage: `Response payload size exceeded maximum allowed payload size (${SYNC_RESPONSE_LIMIT} bytes).` };
          responsePayload = JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType });
        }
      } else {
        error = outcome.error;
        if (outcome.timedOut) log.add(lines.timeout(requestId, f.config.Timeout ?? 3));
        else if (!initFailed) log.add(lines.invokeError(requestId, error));
        responsePayload = error.raw ?? JSON.stringify(error.trace ? { errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace } : { errorType: error.errorType, errorMessage: error.errorMessage });
      }
      const durationMs = outcome.durationMs;
      const billed = Math.max(1, Math.ceil(durationMs + (initMs ?? 0) + (restoreMs ?? 0)));
      const memory = f.config.MemorySize ?? 128;
      log.add(lines.end(requestId));
      log.add(
        lines.report({
          requestId,
          durationMs,
          billedMs: billed,
          memoryMb: memory,
          maxMemoryMb: Math.min(memory, Math.max(outcome.memMb, 1)),
          ...(initMs !== undefined ? { initMs } : {}),
          ...(restoreMs !== undefined ? { restoreMs } : {}),
          status: outcome.kind === "error" && outcome.timedOut ? "timeout" : error ? "error" : "success",
        }),
      );
      this.logs.ship(f.scope, f.name, group, pooled.logStream, log.events);
      this.metrics.ran(f.unqualifiedArn, f.name, { error: error !== undefined, cold, billedMs: billed, memoryMb: memory, durationMs });
      this.env.bus.publish("lambda.InvocationCompleted", {
        accountId: f.scope.accountId,
        region: f.scope.region,
        functionArn: f.unqualifiedArn,
        requestId,
        invocationType: opts.invocationType,
        outcome: error ? "error" : "success",
      });
      return new InvocationResult(requestId, responsePayload, f.version, log, error ? "Unhandled" : undefined, error);
    } finally {
      release();
    }
  }

  private readonly now = (): number => this.env.clock.now();
  /** The text-format platform lines (the same for every function). */
  private textLines?: PlatformLines;

  /** State was restored or reset: environments, counters and timers start over from the store. */
  afterRestore(): void {
    this.generation++;
    this.logs.drop();
    this.clear();
    this.metrics.clear();
    this.codeGeneration.clear();
    for (const hook of this.restoreHooks) hook();
    this.asyncQueue.rearm();
  }

  readonly restoreHooks = new Set<() => void>();
  readonly closeHooks = new Set<() => void>();

  /** Ends environments and caches (restore, reset, stop). */
  clear(): void {
    this.pool.clear();
    this.snapshots.clear();
    this.concurrency.clear();
  }

  close(): void {
    for (const hook of this.closeHooks) hook();
    this.logs.flush();
    this.spares.close();
    this.clear();
    this.code.close();
  }
}

function safeJson(base64: string): unknown {
  try {
    return JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}
