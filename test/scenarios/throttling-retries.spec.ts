/**
 * Scenario: throttling and retries. A function with reserved concurrency 1 answers concurrent
 * synchronous invocations with 429; an asynchronous invocation whose handler fails is retried
 * twice (about 1 and 2 minutes later) and then goes to the dead-letter queue; an asynchronous
 * invocation that is throttled is retried with backoff for up to 6 hours and then goes to the
 * dead-letter queue — all on the virtual clock.
 */
import { InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { drain, queue } from "../events/helpers.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sqs = (): SQSClient => ctx.client(SQSClient);
const dir = mkdtempSync(join(tmpdir(), "la-throttle-"));
const attempts = (file: string): number => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").length : 0);

describe("throttling and retries", () => {
  it("answers 429 to concurrent synchronous invocations beyond reserved concurrency 1", async () => {
    const fn = await createFunction(lambda(), `exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return "done"; };`);
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: fn.name, ReservedConcurrentExecutions: 1 }));
    await lambda().send(new InvokeCommand({ FunctionName: fn.name })); // warm
    const results = await Promise.allSettled([1, 2, 3].map(() => lambda().send(new InvokeCommand({ FunctionName: fn.name }))));
    const ok = results.filter((r) => r.status === "fulfilled");
    const throttled = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(throttled).toHaveLength(2);
    for (const t of throttled) {
      const err = t.reason as { name: string; $metadata: { httpStatusCode: number }; Reason?: string };
      expect(err.name).toBe("TooManyRequestsException");
      expect(err.$metadata.httpStatusCode).toBe(429);
      expect(err.Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    }
  });

  it("retries a failing asynchronous invocation twice, 1 and 2 minutes later, then dead-letters it", async () => {
    const dlq = await queue(sqs());
    const file = join(dir, "failing.log");
    const fn = await createFunction(lambda(), `exports.handler = async () => { require("fs").appendFileSync(process.env.OUT, "x\\n"); throw new Error("payment service down"); };`, { env: { OUT: file } });
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, DeadLetterConfig: { TargetArn: dlq.arn } }));
    await ctx.aws.settle();
    await lambda().send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"order":42}') }));
    await ctx.aws.settle();
    expect(attempts(file)).toBe(1);
    await ctx.clock.advance(50_000);
    expect(attempts(file)).toBe(1);
    await ctx.clock.advance(20_000);
    expect(attempts(file)).toBe(2);
    await ctx.clock.advance(100_000);
    expect(attempts(file)).toBe(2);
    await ctx.clock.advance(40_000);
    expect(attempts(file)).toBe(3);
    const [dead] = await drain(sqs(), dlq.url);
    expect(JSON.parse(dead!.Body!)).toEqual({ order: 42 });
    expect(dead!.MessageAttributes?.ErrorMessage?.StringValue).toBe("payment service down");
  });

  it("retries a throttled asynchronous invocation for up to 6 hours, then dead-letters it", async () => {
    const dlq = await queue(sqs());
    const fn = await createFunction(lambda(), `exports.handler = async () => "never runs";`);
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, DeadLetterConfig: { TargetArn: dlq.arn } }));
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: fn.name, ReservedConcurrentExecutions: 0 }));
    await ctx.aws.settle();
    const accepted = await lambda().send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"report":"daily"}') }));
    expect(accepted.StatusCode).toBe(202);
    await ctx.clock.advance(5 * 3_600_000);
    expect(await drain(sqs(), dlq.url)).toEqual([]);
    await ctx.clock.advance(3_600_000 + 300_000);
    const [dead] = await drain(sqs(), dlq.url);
    expect(JSON.parse(dead!.Body!)).toEqual({ report: "daily" });
  });
});
