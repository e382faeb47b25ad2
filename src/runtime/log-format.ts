/**
 * The lines Lambda itself writes around an invocation (INIT_START, START, END, REPORT, errors), in
 * the function's LoggingConfig format: AWS's text lines, or with `LogFormat: JSON` the platform
 * records (`{"time","type":"platform.start","record":{...}}`) filtered by SystemLogLevel (they are
 * INFO records: WARN drops them). The function's own console lines are formatted in its host
 * (node-host/console.cts), filtered by ApplicationLogLevel in the JSON format.
 */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { FunctionError } from "./environment.js";

export interface Report {
  requestId: string;
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryMb: number;
  initMs?: number;
  /** SnapStart: the environment was restored from the version's snapshot. */
  restoreMs?: number;
  status: "success" | "error" | "timeout";
}

export interface PlatformLines {
  initStart(runtime: string, region: string, initType: string, functionName: string, version: string): string | undefined;
  /** SnapStart: RESTORE_START and RESTORE_REPORT instead of INIT_START. */
  restoreStart(runtime: string, region: string, functionName: string, version: string): string | undefined;
  restoreReport(restoreMs: number): string | undefined;
  start(requestId: string, version: string): string | undefined;
  /** A function error: the runtime's "Invoke Error" line. */
  invokeError(requestId: string, error: FunctionError): string;
  /** An init failure, logged before the invocation's end. */
  initError(error: FunctionError): string;
  timeout(requestId: string, seconds: number): string;
  end(requestId: string): string | undefined;
  report(r: Report): string | undefined;
}

type LoggingConfig = FunctionConfiguration["LoggingConfig"];

export function isJsonFormat(c: LoggingConfig): boolean {
  return c?.LogFormat === "JSON";
}

/** The application log level of a JSON-format function (AWS's default: INFO). */
export function applicationLevel(c: LoggingConfig): string | undefined {
  return isJsonFormat(c) ? (c?.ApplicationLogLevel ?? "INFO") : undefined;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function platformLines(c: LoggingConfig, now: () => number): PlatformLines {
  const iso = (): string => new Date(now()).toISOString();
  if (!isJsonFormat(c)) {
    return {
      initStart: (runtime, region) => `INIT_START Runtime Version: ${runtime}.local-aws\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:local-aws\n`,
      restoreStart: (runtime, region) => `RESTORE_START Runtime Version: ${runtime}.local-aws\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:local-aws\n`,
      restoreReport: (ms) => `RESTORE_REPORT Restore Duration: ${ms.toFixed(2)} ms\n`,
      start: (requestId, version) => `START RequestId: ${requestId} Version: ${version}\n`,
      invokeError: (requestId, e) => `${iso()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: e.errorType, errorMessage: e.errorMessage, stack: e.trace ?? [] })}\n`,
      initError: (e) => `${iso()}\tundefined\tERROR\t${JSON.stringify({ errorType: e.errorType, errorMessage: e.errorMessage, stack: e.trace ?? [] })}\n`,
      timeout: (requestId, seconds) => `${iso()} ${requestId} Task timed out after ${seconds.toFixed(2)} seconds\n`,
      end: (requestId) => `END RequestId: ${requestId}\n`,
      report: (r) =>
        `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedMs} ms\tMemory Size: ${r.memoryMb} MB\tMax Memory Used: ${r.maxMemoryMb} MB\t${
          r.initMs !== undefined ? `Init Duration: ${r.initMs.toFixed(2)} ms\t` : ""
        }${r.restoreMs !== undefined ? `Restore Duration: ${r.restoreMs.toFixed(2)} ms\tBilled Restore Duration: ${Math.ceil(r.restoreMs)} ms\t` : ""}${r.status === "timeout" ? "Status: timeout\n" : "\n"}`,
    };
  }
  // Platform records are INFO: a SystemLogLevel of WARN leaves them out.
  const system = c?.SystemLogLevel === "WARN" ? undefined : (type: string, record: Record<string, unknown>): string => `${JSON.stringify({ time: iso(), type, record })}\n`;
  const errorLine = (requestId: string | undefined, message: string, e: FunctionError): string =>
    `${JSON.stringify({ timestamp: iso(), level: "ERROR", requestId, message, errorType: e.errorType, errorMessage: e.errorMessage, stackTrace: e.trace ?? [] })}\n`;
  return {
    initStart: (runtime, region, initType, functionName, version) =>
      system?.("platform.initStart", {
        initializationType: initType,
        phase: "init",
        runtimeVersion: `${runtime.replace(/\.x$/, "")}.local-aws`,
        runtimeVersionArn: `arn:aws:lambda:${region}::runtime:local-aws`,
        functionName,
        functionVersion: version,
      }),
    restoreStart: (runtime, region, functionName, version) =>
      system?.("platform.restoreStart", { runtimeVersion: `${runtime.replace(/\.x$/, "")}.local-aws`, runtimeVersionArn: `arn:aws:lambda:${region}::runtime:local-aws`, functionName, functionVersion: version }),
    restoreReport: (ms) => system?.("platform.restoreReport", { status: "success", metrics: { durationMs: round2(ms) } }),
    start: (requestId, version) => system?.("platform.start", { requestId, version }),
    invokeError: (requestId, e) => errorLine(requestId, "Invoke Error", e),
    initError: (e) => errorLine(undefined, "Init Error", e),
    timeout: (requestId, seconds) => `${JSON.stringify({ timestamp: iso(), level: "ERROR", requestId, message: `Task timed out after ${seconds.toFixed(2)} seconds` })}\n`,
    end: () => undefined,
    report: (r) =>
      system?.("platform.report", {
        requestId: r.requestId,
        metrics: {
          durationMs: round2(r.durationMs),
          billedDurationMs: r.billedMs,
          memorySizeMB: r.memoryMb,
          maxMemoryUsedMB: r.maxMemoryMb,
          ...(r.initMs !== undefined ? { initDurationMs: round2(r.initMs) } : {}),
          ...(r.restoreMs !== undefined ? { restoreDurationMs: round2(r.restoreMs) } : {}),
        },
        status: r.status,
      }),
  };
}
