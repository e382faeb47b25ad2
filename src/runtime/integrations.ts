/**
 * How the runtime meets the rest of the emulator: it provides the FunctionInvoker port, delivers
 * S3 notifications for Lambda targets, registers the settle hook of its async queue, and starts
 * config-declared functions and SQS event source mappings.
 */
import type { FunctionInvoker, InvokeResult } from "../core/ports.js";
import { enqueueAsync } from "./async-invocations.js";
import { startConfigFunctions } from "./config-functions.js";
import { startEventSourceMappings } from "./event-source-mappings/poller.js";
import { provisionAll } from "./provisioned.js";
import type { InvocationResult, Runtime } from "./runtime.js";

/** An invocation's result as the FunctionInvoker port gives it: the log tail (a base64 of the last 4 KB) built only for a caller that reads it. */
class PortResult implements InvokeResult {
  readonly statusCode = 200;
  constructor(private readonly r: InvocationResult) {}
  get payload(): Buffer {
    return this.r.payload;
  }
  get functionError(): string | undefined {
    return this.r.functionError;
  }
  get executedVersion(): string {
    return this.r.executedVersion;
  }
  get requestId(): string {
    return this.r.requestId;
  }
  get logResult(): string {
    return this.r.logTail();
  }
}

export function startIntegrations(rt: Runtime): void {
  const env = rt.env;
  const invoker: FunctionInvoker = {
    async invoke(scope, fn, payload, options): Promise<InvokeResult> {
      const f = rt.resolve(scope, fn, options.qualifier);
      const text = typeof payload === "string" ? payload : payload.toString("utf8");
      if (options.type === "Event") {
        const requestId = enqueueAsync(rt, f, text, options.source ?? "lambda");
        return { statusCode: 202, payload: Buffer.alloc(0), requestId };
      }
      return new PortResult(await rt.invoke(f, text, { invocationType: "RequestResponse" }));
    },
    async settings(scope, fn) {
      let c;
      try {
        c = rt.resolve(scope, fn).config;
      } catch {
        return undefined;
      }
      return {
        role: c.Role ?? "",
        timeoutSeconds: c.Timeout ?? 3,
        memoryMb: c.MemorySize ?? 128,
        codeSize: c.CodeSize ?? 0,
        environmentVariables: Object.keys(c.Environment?.Variables ?? {}).length,
        layers: c.Layers?.length ?? 0,
        architectures: c.Architectures ?? ["x86_64"],
        vpc: (c.VpcConfig?.SubnetIds?.length ?? 0) > 0,
        deadLetterTarget: c.DeadLetterConfig?.TargetArn,
      };
    },
    async exists(scope, fn) {
      try {
        rt.resolve(scope, fn);
        return true;
      } catch {
        return false;
      }
    },
  };
  env.ports.provide("FunctionInvoker", invoker);
  env.eventLog.consume({ name: "s3-notifications", kinds: ["s3.NotificationMatched"], handle: ({ payload: event }) => {
    if (event.targetType !== "lambda") return;
    try {
      const f = rt.resolve(event, event.targetArn);
      enqueueAsync(rt, f, JSON.stringify(event.message), "s3");
    } catch (err) {
      env.log.warn({ err, target: event.targetArn }, "S3 notification for a missing function dropped");
    }
  } });
  const off = env.bus.onSettle(() => rt.asyncQueue.runDue());
  rt.closeHooks.add(off);
  rt.asyncQueue.rearm();
  startConfigFunctions(rt);
  provisionAll(rt);
  rt.restoreHooks.add(() => provisionAll(rt));
  startEventSourceMappings(rt);
}
