import {
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from "@aws-sdk/client-lambda";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, useServer } from "../helpers/index.js";
import { createFn } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const outDir = mkdtempSync(join(tmpdir(), "la-async-"));

/** A function that appends every event it receives to a file (what a destination received). */
async function recorder(): Promise<{ arn: string; events(): unknown[] }> {
  const file = join(outDir, `${Math.random().toString(16).slice(2)}.jsonl`);
  const name = await createFn(lambda(), `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); return 1; };`, {
    Environment: { Variables: { OUT: file } },
  });
  return {
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    events: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as unknown) : []),
  };
}

async function invocations(name: string): Promise<number> {
  const m = JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { functions: { functionName: string; invocations: number }[] };
  return m.functions.find((f) => f.functionName === name)?.invocations ?? 0;
}

describe("validation", () => {
  it("rejects MaximumRetryAttempts over 2 and MaximumEventAgeInSeconds under 60", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => 1;`);
    await expectAwsError(lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 30 })), {
      name: "ValidationException",
      status: 400,
      message:
        "2 validation errors detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2; Value '30' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    });
  });
});

describe("errors", () => {
  it("answers ResourceNotFoundException for a missing EventInvokeConfig", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => 1;`);
    await expectAwsError(lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: `The function arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST doesn't have an EventInvokeConfig`,
    });
  });
});

describe("behaviour", () => {
  it("retries a failing event twice, 1 and 2 minutes apart, then sends AWS's record to OnFailure", async () => {
    const dest = await recorder();
    const name = await createFn(lambda(), `exports.handler = async () => { throw new Error("always fails"); };`);
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnFailure: { Destination: dest.arn } } }));
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"order":42}') }));
    expect(res.StatusCode).toBe(202);
    await ctx.aws.settle();
    expect(await invocations(name)).toBe(1);
    await ctx.clock.advance(59_000);
    expect(await invocations(name)).toBe(1);
    await ctx.clock.advance(1_000);
    expect(await invocations(name)).toBe(2);
    await ctx.clock.advance(119_000);
    expect(await invocations(name)).toBe(2);
    expect(dest.events()).toEqual([]);
    await ctx.clock.advance(1_000);
    expect(await invocations(name)).toBe(3);
    const [record] = dest.events() as Record<string, unknown>[];
    expect(record).toMatchObject({
      version: "1.0",
      requestContext: { requestId: res.$metadata.requestId, functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 3 },
      requestPayload: { order: 42 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "always fails" },
    });
    await ctx.clock.advance(600_000);
    expect(await invocations(name)).toBe(3);
  });

  it("honours MaximumRetryAttempts 0 and sends successes to OnSuccess", async () => {
    const ok = await recorder();
    const fail = await recorder();
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.fail) throw new Error("no"); return { done: e.n }; };`);
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    const updated = await lambda().send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnSuccess: { Destination: ok.arn }, OnFailure: { Destination: fail.arn } } }),
    );
    expect(updated.MaximumRetryAttempts).toBe(0);
    expect(updated.LastModified).toBeInstanceOf(Date);
    await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"n":1}') }));
    await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"fail":true}') }));
    await ctx.aws.settle();
    expect(ok.events()).toMatchObject([{ requestContext: { condition: "Success", approximateInvokeCount: 1 }, responsePayload: { done: 1 } }]);
    expect(fail.events()).toMatchObject([{ requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 1 } }]);
  });

  it("retries a throttled event with backoff until MaximumEventAgeInSeconds, then fails it as EventAgeExceeded", async () => {
    const dest = await recorder();
    const name = await createFn(lambda(), `exports.handler = async () => 1;`);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: dest.arn } } }));
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"x":1}') }));
    expect(res.StatusCode).toBe(202);
    await ctx.clock.advance(30_000);
    expect(dest.events()).toEqual([]);
    await ctx.clock.advance(60_000);
    expect(dest.events()).toMatchObject([{ requestContext: { condition: "EventAgeExceeded", approximateInvokeCount: 0 }, requestPayload: { x: 1 } }]);
    expect(await invocations(name)).toBe(0);
  });

  it("walks a 6-hour throttle schedule on the virtual clock in moments", async () => {
    const dest = await recorder();
    const name = await createFn(lambda(), `exports.handler = async () => 1;`);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    await lambda().send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnFailure: { Destination: dest.arn } } }));
    await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from("{}") }));
    await ctx.clock.advance(5 * 3600_000);
    expect(dest.events()).toEqual([]);
    await ctx.clock.advance(3600_000 + 300_000);
    expect(dest.events()).toMatchObject([{ requestContext: { condition: "EventAgeExceeded" } }]);
  });
});
