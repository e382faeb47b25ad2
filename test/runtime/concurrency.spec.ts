import {
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, useServer } from "../helpers/index.js";
import { createFn, decode } from "./fixtures.js";

// A small account (limit 120) and a machine allowing only 3 worker threads.
const dir = mkdtempSync(join(tmpdir(), "la-conc-"));
const configPath = join(dir, "local-aws.json");
writeFileSync(configPath, JSON.stringify({ lambda: { accountConcurrency: 120, maxWorkers: 3 } }));
const ctx = useServer({ config: configPath });
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sleeper = `exports.handler = async (e) => { await new Promise(r => setTimeout(r, e.ms ?? 300)); return "done"; };`;

interface TooMany {
  Reason?: string;
}

describe("validation", () => {
  it("rejects a negative reserved concurrency", async () => {
    const name = await createFn(lambda(), sleeper);
    await expectAwsError(lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: -1 })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
    });
  });
});

describe("errors", () => {
  it("keeps at least 100 of the account's concurrency unreserved", async () => {
    const name = await createFn(lambda(), sleeper);
    await expectAwsError(lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 21 })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    });
  });

  it("throttles a function with reserved concurrency 0 at once with 429", async () => {
    const name = await createFn(lambda(), sleeper);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    const err = await expectAwsError<Error & TooMany>(lambda().send(new InvokeCommand({ FunctionName: name })), { name: "TooManyRequestsException", status: 429, message: "Rate Exceeded." });
    expect(err.Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    await lambda().send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
  });

  it("throttles the second concurrent invocation of a function reserved at 1", async () => {
    const name = await createFn(lambda(), sleeper);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 1 }));
    const first = lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":500}') }));
    await new Promise((r) => setTimeout(r, 150));
    const err = await expectAwsError<Error & TooMany>(lambda().send(new InvokeCommand({ FunctionName: name })), { name: "TooManyRequestsException", status: 429 });
    expect(err.Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    expect(decode((await first).Payload)).toBe("done");
    const metrics = JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { functions: { functionName: string; throttles: number; invocations: number }[] };
    expect(metrics.functions.find((f) => f.functionName === name)).toMatchObject({ throttles: 1, invocations: 1 });
    await lambda().send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
  });
});

describe("behaviour", () => {
  it("reports reserved concurrency in GetFunction, GetFunctionConcurrency and GetAccountSettings", async () => {
    const name = await createFn(lambda(), sleeper);
    expect((await lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions).toBeUndefined();
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 5 }));
    expect((await lambda().send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions).toBe(5);
    expect((await lambda().send(new GetFunctionCommand({ FunctionName: name }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
    const settings = await lambda().send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toMatchObject({ ConcurrentExecutions: 120, UnreservedConcurrentExecutions: 115, CodeSizeZipped: 52_428_800, CodeSizeUnzipped: 262_144_000 });
    expect(settings.AccountUsage!.FunctionCount).toBeGreaterThanOrEqual(1);
    expect(settings.AccountUsage!.TotalCodeSize).toBeGreaterThan(0);
    await lambda().send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    expect((await lambda().send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions).toBe(120);
  });

  it("makes invocations wait, not fail, when the worker cap is the limit", async () => {
    const name = await createFn(lambda(), sleeper);
    const results = await Promise.all(Array.from({ length: 6 }, () => lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":100}') }))));
    expect(results.map((r) => decode(r.Payload))).toEqual(Array(6).fill("done"));
    const metrics = JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { waitedForWorker: number; functions: { functionName: string; invocations: number; coldStarts: number; peakConcurrency: number }[] };
    expect(metrics.waitedForWorker).toBeGreaterThan(0);
    const m = metrics.functions.find((f) => f.functionName === name)!;
    expect(m.invocations).toBe(6);
    expect(m.coldStarts).toBeLessThanOrEqual(3);
    expect(m.peakConcurrency).toBe(6);
  });
});
